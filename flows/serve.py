"""`make serve`: a Prefect server on 127.0.0.1, the nightly deployment on cron `0 2 * * *` (UTC) and the weekly
release deployment on cron `0 4 * * 1` (Mondays 04:00 UTC; published to $OPENEVENTS_PUBLISH_TO when set).

Ctrl-C (or SIGTERM) stops the deployment and then the server.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request

from openevents.config import set_quiet_prefect_defaults

NIGHTLY_CRON = "0 2 * * *"
WEEKLY_RELEASE_CRON = "0 4 * * 1"


def wait_for_server(url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"Error: the Prefect server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"Error: no Prefect server answered at {url} within {timeout:.0f} s")


def deployments() -> list:
    """The nightly run and the weekly release, each on its cron schedule (UTC)."""
    from prefect.schedules import Cron

    from flows.nightly import nightly
    from flows.release import release

    publish = {k: v for k, v in {"publish_to": os.environ.get("OPENEVENTS_PUBLISH_TO"),
                                 "base_url": os.environ.get("OPENEVENTS_PUBLISH_URL")}.items() if v}
    return [nightly.to_deployment(name="nightly", schedules=[Cron(NIGHTLY_CRON, timezone="UTC")]),
            release.to_deployment(name="weekly-release", schedules=[Cron(WEEKLY_RELEASE_CRON, timezone="UTC")],
                                  parameters=publish)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=4200)
    args = parser.parse_args()
    set_quiet_prefect_defaults()
    api = f"http://127.0.0.1:{args.port}/api"
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                               "--port", str(args.port)], start_new_session=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        wait_for_server(api, server)
        os.environ["PREFECT_API_URL"] = api
        from prefect import serve

        print(f"Prefect UI: http://127.0.0.1:{args.port} — nightly runs at {NIGHTLY_CRON}, the weekly release at "
              f"{WEEKLY_RELEASE_CRON} (UTC); Ctrl-C stops.")
        serve(*deployments())
    except KeyboardInterrupt:
        pass
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
