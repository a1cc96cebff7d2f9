"""A served folder and a headless Chromium for the web app's browser tests."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def browser_available() -> bool:
    import importlib.util

    if importlib.util.find_spec("selenium") is None:
        return False
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


class Server:
    """The app over `folder`, served by waitress on a free port in a thread."""

    def __init__(self, folder, **options):
        from waitress import create_server
        from report_drafter.web.app import create_app

        self.app = create_app(folder, **options)
        self.server = create_server(self.app, host="127.0.0.1", port=0, threads=4)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def close(self):
        self.server.close()
        self.app.extensions["report_drafter"]["work"].close()


def chromium(download_dir: Path):
    """A headless Chromium that downloads into `download_dir` (nothing fetched from the network)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="rd-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
        "--lang=vi",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(download_dir),
            "download.prompt_for_download": False,
            "profile.default_content_setting_values.automatic_downloads": 1,
            "safebrowsing.enabled": False,
        },
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    driver.profile_dir = profile
    return driver


def quit(driver) -> None:
    driver.quit()
    shutil.rmtree(driver.profile_dir, ignore_errors=True)
