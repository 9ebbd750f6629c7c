"""`make serve`: a Prefect server on 127.0.0.1 and the nightly deployment on cron `0 2 * * *` (UTC).

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
        from prefect.schedules import Cron

        from flows.nightly import nightly

        print(f"Prefect UI: http://127.0.0.1:{args.port} — nightly runs at {NIGHTLY_CRON} (UTC); Ctrl-C stops.")
        nightly.serve(name="nightly", schedules=[Cron(NIGHTLY_CRON, timezone="UTC")])
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
