"""Helpers for the Playwright browser tests (fixtures `browser` and `screenshot_dir` live in the root conftest)."""


def sign_in(page, base_url: str, username: str, password: str) -> None:
    """Through the back office's real sign-in page, as a person would."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
