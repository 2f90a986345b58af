/* A stand-in for an installed app's starter binary, built by the tests.

   Like the starters Briefcase ships for Windows, macOS and Linux, it embeds Python with an
   isolated configuration, makes itself sys.executable, installs no signal handlers (SIGPIPE
   stays at its default, Ctrl+C raises nothing) and runs the app's module with its own
   arguments. It differs only in where it finds the modules: the folders in
   $TUTOR_STARTER_PATH (separated by ':'), where an installed app has its own folders. */
#include <Python.h>
#include <stdlib.h>
#include <string.h>

static void fail(PyConfig *config, PyStatus status) {
    PyConfig_Clear(config);
    Py_ExitStatusException(status);
}

int main(int argc, char *argv[]) {
    PyPreConfig preconfig;
    PyConfig config;
    PyStatus status;

    PyPreConfig_InitIsolatedConfig(&preconfig);
    preconfig.utf8_mode = 1;
    status = Py_PreInitialize(&preconfig);
    if (PyStatus_Exception(status)) Py_ExitStatusException(status);

    PyConfig_InitIsolatedConfig(&config);
    config.site_import = 0;
    config.write_bytecode = 0;
    config.module_search_paths_set = 1;

    char *self = realpath("/proc/self/exe", NULL);
    if (self == NULL) return 111;
    status = PyConfig_SetBytesString(&config, &config.executable, self);
    if (PyStatus_Exception(status)) fail(&config, status);
    const char *module = getenv("TUTOR_STARTER_MODULE");
    status = PyConfig_SetBytesString(&config, &config.run_module, module ? module : "tutor_app");
    if (PyStatus_Exception(status)) fail(&config, status);

    const char *folders = getenv("TUTOR_STARTER_PATH");
    if (folders == NULL) return 112;
    char *copy = strdup(folders);
    for (char *folder = strtok(copy, ":"); folder != NULL; folder = strtok(NULL, ":")) {
        wchar_t *wide = Py_DecodeLocale(folder, NULL);
        status = PyWideStringList_Append(&config.module_search_paths, wide);
        PyMem_RawFree(wide);
        if (PyStatus_Exception(status)) fail(&config, status);
    }
    free(copy);

    status = PyConfig_SetBytesArgv(&config, argc, argv);
    if (PyStatus_Exception(status)) fail(&config, status);
    status = Py_InitializeFromConfig(&config);
    if (PyStatus_Exception(status)) fail(&config, status);
    PyConfig_Clear(&config);
    return Py_RunMain();
}
