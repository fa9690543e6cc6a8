"""Prefect flows: thin orchestration over pipeline/ and extractors/."""
import os


def quiet_prefect() -> None:
    """Defaults for running offline with Prefect's temporary server, set before Prefect loads.

    Telemetry cannot reach its server here and logs errors; the temporary server's task-run
    recorder prints a cancellation traceback when the server stops at exit. With a real server
    (PREFECT_API_URL set, see README) these defaults leave the recorder on.
    """
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # The temporary server is given 20 s to start by default: too little on a busy 2-core machine,
    # or when two `ntm ingest` runs start servers on one Prefect home at once.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if not os.environ.get("PREFECT_API_URL"):
        os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED", "false")
        os.environ.setdefault("PREFECT_LOGGING_SERVER_LEVEL", "CRITICAL")
