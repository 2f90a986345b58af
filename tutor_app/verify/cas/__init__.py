"""The computer algebra room: answer the tasks the question reader builds, exactly or not at all."""
