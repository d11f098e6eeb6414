from tests.browser.conftest import severe_accessibility_violations


def test_committee_member_logs_in_and_reads_the_goals(sign_in, committee_member, live_server):
    page = sign_in(committee_member)
    page.goto(f"{live_server.url}/plan/")
    goal_headings = page.locator("section.goal h3")
    assert goal_headings.count() == 7
    assert "Vi sparar pengar åt våra samverkande kommuner" in goal_headings.nth(1).inner_text()
    assert page.get_by_role("heading", name="Nämndplan 2023–2025").is_visible()


def test_login_page_has_no_serious_accessibility_violations(page, live_server, loaded_plan):
    page.goto(f"{live_server.url}/login/")
    assert severe_accessibility_violations(page) == []


def test_plan_page_has_no_serious_accessibility_violations(sign_in, committee_member, live_server):
    page = sign_in(committee_member)
    page.goto(f"{live_server.url}/plan/")
    assert severe_accessibility_violations(page) == []


def test_anonymous_visitor_sees_only_the_login_page(page, live_server, loaded_plan):
    page.goto(f"{live_server.url}/plan/")
    assert page.url.startswith(f"{live_server.url}/login/")
    assert page.get_by_role("button", name="Logga in").is_visible()
