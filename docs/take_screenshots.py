"""Screenshots of each view of the web app, for docs/web.md.

    python docs/take_screenshots.py     # needs Chromium at /usr/bin/chromium

Starts `purgesim serve` on a free port, drives Chromium with Playwright, writes docs/img/web-*.png.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from purgesim.web.local import CHROMIUM_ARGS, find_chromium, running_app

OUT = Path(__file__).parent / "img"


def main() -> None:
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        expect.set_options(timeout=120_000)
        page.goto(f"{url}/?view=explore&run=1")
        expect(page.locator("#status")).to_contain_text("1:")
        page.fill("#lever-evidence_floor", "3")         # before and after a lever change
        page.dispatch_event("#lever-evidence_floor", "input")
        page.click("#btn-run")
        expect(page.locator("#ledger th", has_text="Change vs previous run")).to_have_count(1)
        page.locator("figure[data-series='party_full_members'] button.show-sources").click()
        page.screenshot(path=OUT / "web-explore.png", full_page=True)
        page.click("#lang-switch")
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        page.screenshot(path=OUT / "web-explore-ru.png")
        page.click("#lang-switch")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.click("nav button[data-view='shoes']")
        page.click("#shoes-begin")
        expect(page.locator("#shoes-heading")).to_contain_text("1 of 4")
        page.screenshot(path=OUT / "web-shoes-decision.png", full_page=True)
        for i, option in enumerate(("ordinary", "evidence", "halve")):
            page.check(f"#shoes-options input[value='{option}']")
            page.click("#shoes-decide")
            expect(page.locator("#shoes-heading")).to_contain_text(f"{i + 2} of 4")
        page.check("#shoes-options input[value='halt']")
        page.click("#shoes-decide")
        page.wait_for_selector("#shoes-ledger table")
        page.screenshot(path=OUT / "web-shoes-result.png", full_page=True)
        page.click("nav button[data-view='compare']")
        page.select_option("#b-scenario", "no_quotas")
        page.select_option("#b-hypothesis", "quota_machine")
        page.click("#btn-compare")
        page.wait_for_selector("#compare-ledger table")
        page.screenshot(path=OUT / "web-compare.png", full_page=True)
        page.click("nav button[data-view='about']")
        page.screenshot(path=OUT / "web-about.png")
        phone(browser, url)
        browser.close()


def phone(browser, url: str) -> None:
    """A phone's width (390 px) in English and Russian: explore after a run, a decision, and
    the teacher's page."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    for lang in ("en", "ru"):
        page.goto(f"{url}/?view=explore&lang={lang}&seeds=4&run=1")
        expect(page.locator("#status")).to_contain_text("1:")
        page.screenshot(path=OUT / f"web-phone-explore-{lang}.png")
        page.click("nav button[data-view='shoes']")
        page.click("#shoes-begin")
        expect(page.locator("#shoes-heading")).not_to_be_empty()
        page.wait_for_selector("#shoes-charts figure.chart .main-svg")
        page.screenshot(path=OUT / f"web-phone-decision-{lang}.png")
        page.click("nav button[data-view='teach']")
        page.screenshot(path=OUT / f"web-phone-teacher-{lang}.png")
    page.close()


if __name__ == "__main__":
    main()
