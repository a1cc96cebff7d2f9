"""The office web app in a real browser (headless Chromium through Selenium): a clerk
creates a report in the form, meets an inline error and fixes it, saves, sees the pages,
downloads the .docx, brings new figures into the secretaries' edited draft, checks a
document. Screenshots of each page go to the test's folder (looked at by a person, not
compared pixel by pixel)."""

import shutil
import time
from pathlib import Path

import pytest
from docx import Document

from docx_helpers import docx_lines
from web_helpers import Server, browser_available, chromium, quit

pytestmark = pytest.mark.skipif(not browser_available(), reason="chromium, chromedriver or selenium missing")

ROOT = Path(__file__).resolve().parents[1]
WAIT = 60  # seconds a page may take (LibreOffice makes the preview)
SHOTS = None


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    shutil.copytree(ROOT / "inputs" / "hai-phong-2026", tmp / "van-phong" / "hai-phong-2026")
    server = Server(tmp / "van-phong")
    downloads = tmp / "downloads"
    downloads.mkdir()
    driver = chromium(downloads)
    driver.implicitly_wait(0)
    yield server, driver, tmp
    quit(driver)
    server.close()


def wait(driver, condition, timeout=WAIT):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def downloaded(folder: Path, suffix: str, before: set) -> Path:
    """The file that arrived in `folder` (a download finished: no .crdownload left)."""
    for _ in range(WAIT * 10):
        new = [p for p in folder.iterdir() if p.name not in before and p.suffix == suffix]
        if new and not any(p.suffix == ".crdownload" for p in folder.iterdir()):
            return new[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} downloaded")


def shot(driver, tmp: Path, name: str) -> Path:
    path = tmp / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def type_into(element, text):
    from selenium.webdriver.common.keys import Keys

    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)


def test_a_clerk_drafts_a_report_in_the_browser(served):
    server, driver, tmp = served
    folder = tmp / "van-phong"
    downloads = tmp / "downloads"

    driver.get(server.url + "/new")
    type_into(css(driver, "#new-name"), "phuong-moi")
    shot(driver, tmp, "1-new")
    css(driver, "#new-submit").click()
    wait(driver, lambda d: "/reports/phuong-moi.yaml" in d.current_url)
    wait(driver, lambda d: d.find_elements("css selector", '[data-path="indicators[0].actual"]'))

    actual = css(driver, 'input[data-path="indicators[0].actual"]')
    type_into(actual, "12.5")
    note = wait(driver, lambda d: d.find_elements("css selector", '.field-error[data-problem="indicators[0].actual"]'))
    assert "hãy viết 12,5" in note[0].text
    shot(driver, tmp, "2-form-error")

    type_into(actual, "12,5")
    wait(driver, lambda d: not d.find_elements("css selector", ".field-error.error"))
    sentence = css(driver, '[data-sentence="0"]')
    wait(driver, lambda d: "12,5" in sentence.text)
    assert sentence.text.startswith("Tổng thu ngân sách nhà nước trên địa bàn ước đạt 12,5 tỷ đồng")

    css(driver, "#save").click()
    wait(driver, lambda d: css(d, "#status").text == "Đã lưu.")  # and the pages follow
    text = (folder / "phuong-moi.yaml").read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("    actual: "))
    assert line == "    actual: 12,5                # số thực hiện trong kỳ"  # the comment kept, in its column

    wait(
        driver,
        lambda d: (
            len(d.find_elements("css selector", "#pages img.page")) >= 1
            and d.execute_script(
                "return [...document.querySelectorAll('#pages img')].every(i => i.complete && i.naturalWidth > 0)"
            )
        ),
    )
    shot(driver, tmp, "3-form-preview")

    before = set(p.name for p in downloads.iterdir())
    css(driver, "#download-docx").click()
    docx = downloaded(downloads, ".docx", before)
    lines = docx_lines(docx)
    assert "ĐẢNG ỦY PHƯỜNG ĐỒ SƠN" in lines
    assert any("ước đạt 12,5 tỷ đồng" in line for line in lines)

    # the secretaries edit the draft; the figure changes in the form; the draft is updated
    edited = tmp / "ban-thu-ky.docx"
    d = Document(str(docx))
    target = next(p for p in d.paragraphs if "ước đạt 12,5 tỷ đồng" in p.text)
    target.insert_paragraph_before("Đoạn do thư ký viết thêm.")
    d.save(str(edited))
    type_into(css(driver, 'input[data-path="indicators[0].actual"]'), "15,5")
    css(driver, "#save").click()
    wait(driver, lambda d: css(d, "#status").text == "Đã lưu.")
    css(driver, "#update-file").send_keys(str(edited))
    css(driver, "#update-submit").click()
    result = wait(driver, lambda d: d.find_elements("css selector", "#update-result"))
    assert "Văn bản đã cập nhật" in result[0].text
    figures = css(driver, "#figures").text
    assert "đã cập nhật" in figures and "15,5" in figures
    shot(driver, tmp, "4-update")
    docx.unlink()  # the updated draft has the same name
    before = set(p.name for p in downloads.iterdir())
    css(driver, "#updated-link").click()
    updated = docx_lines(downloaded(downloads, ".docx", before))
    assert "Đoạn do thư ký viết thêm." in updated
    assert any("ước đạt 15,5 tỷ đồng" in line for line in updated)

    faulty = tmp / "le-hep.docx"  # a document with a fault: the left margin halved
    d = Document(str(edited))
    d.sections[0].left_margin = d.sections[0].left_margin // 2
    d.save(str(faulty))
    driver.get(server.url + "/check")
    css(driver, "#check-file").send_keys(str(faulty))
    css(driver, "#check-fix").click()
    css(driver, "#check-submit").click()
    findings = wait(driver, lambda d: d.find_elements("css selector", "#findings li.error"))
    assert any("lề trái" in f.text.lower() for f in findings)
    assert "le-hep.docx: 1 lỗi" in css(driver, "h2").text
    before = set(p.name for p in downloads.iterdir())
    css(driver, "#fixed-link").click()
    fixed = downloaded(downloads, ".docx", before)
    assert Document(str(fixed)).sections[0].left_margin == Document(str(edited)).sections[0].left_margin
    shot(driver, tmp, "5-check")

    driver.get(server.url + "/")
    rows = wait(driver, lambda d: d.find_elements("css selector", 'tr[data-path="phuong-moi.yaml"]'))
    assert "hợp lệ" in rows[0].text or "chưa tạo văn bản" in rows[0].text
    shot(driver, tmp, "6-index")


def test_with_accounts_a_clerk_logs_in_and_a_second_save_is_refused(served):
    """A real browser asks for its favicon too: the login still holds (a regression seen here)."""
    _, driver, tmp = served
    from report_drafter.web import accounts

    folder = tmp / "co-tai-khoan"
    shutil.copytree(ROOT / "inputs" / "hai-phong-2026", folder / "hai-phong-2026")
    accounts.add(folder, "thu-ky", "mat-khau-dai")
    server = Server(folder, require_login=True)
    try:
        driver.get(server.url + "/reports/hai-phong-2026/do-son.yaml")
        wait(driver, lambda d: "/login" in d.current_url)
        css(driver, "input[name=name]").send_keys("thu-ky")
        css(driver, "input[name=password]").send_keys("sai-mat-khau")
        css(driver, "button[type=submit]").click()
        assert "Sai tên tài khoản hoặc mật khẩu." in wait(driver, lambda d: css(d, "#login-error")).text
        css(driver, "input[name=name]").send_keys("thu-ky")
        css(driver, "input[name=password]").send_keys("mat-khau-dai")
        css(driver, "button[type=submit]").click()
        field = wait(driver, lambda d: d.find_elements("css selector", 'input[data-path="issuer.name"]'))[0]
        path = folder / "hai-phong-2026" / "do-son.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("number: 85", "number: 90"), encoding="utf-8")
        field.send_keys(" (sửa lúc chín giờ)")
        css(driver, "#save").click()
        message = wait(driver, lambda d: css(d, "#conflict-message").text)
        assert "CHƯA được lưu" in message
        diff = css(driver, "#conflict-diff").text
        assert "-number: 85" in diff and "+number: 90" in diff
        assert "chín giờ" not in path.read_text(encoding="utf-8")
        shot(driver, tmp, "7-conflict")
    finally:
        server.close()
