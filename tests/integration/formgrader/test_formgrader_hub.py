"""`gradebox formgrader` as a JupyterHub service, against a real JupyterHub (Debian's jupyterhub with
its configurable-http-proxy; DummyAuthenticator): graders log in with their hub identity through
the hub's OAuth for services, only the allowed user (--hub-user) and group members (--hub-group)
get pages, anyone else is refused, a grade is signed under the grader's hub name, and API clients
may send a grader's hub token instead of the formgrader's. Skipped
(exit 77 through ctest's SKIP_RETURN_CODE) when jupyterhub or the proxy cannot run here."""
import http.cookiejar
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from formgrader_support import GRADEBOX, make_course, remove

SKIP = 77
HUB_TOKENS = {"ta2-api-token-for-formgrader-test": "ta2", "eve-api-token-for-formgrader-test": "eve"}
# Debian's configurable-http-proxy finds its modules there; a Node.js not from Debian does not look.
PROXY_ENV = dict(os.environ, NODE_PATH="/usr/share/nodejs")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hub_can_run():
    if not shutil.which("jupyterhub"):
        return "jupyterhub is not installed (scripts/install-deps.sh installs it)"
    proxy = subprocess.run(["configurable-http-proxy", "--version"], env=PROXY_ENV, capture_output=True)
    if proxy.returncode != 0:
        return "configurable-http-proxy does not run: " + proxy.stderr.decode(errors="replace")[-200:]
    return None


def hub_config(work, course, ports):
    service = {"name": "formgrader", "url": f"http://127.0.0.1:{ports['service']}", "oauth_no_confirm": True,
               "command": [GRADEBOX, "formgrader", "--course", course, "--port", str(ports["service"]),
                           "--hub-user", "ta1", "--hub-group", "graders", "--grader", "shared-name"]}
    return "\n".join([
        'c.JupyterHub.authenticator_class = "dummy"',
        f'c.JupyterHub.bind_url = "http://127.0.0.1:{ports["public"]}"',
        f'c.JupyterHub.hub_bind_url = "http://127.0.0.1:{ports["hub"]}"',
        f'c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports["proxy_api"]}"',
        f'c.ConfigurableHTTPProxy.pid_file = "{work}/proxy.pid"',
        f'c.JupyterHub.db_url = "sqlite:///{work}/hub.sqlite"',
        f'c.JupyterHub.cookie_secret_file = "{work}/cookie_secret"',
        'c.JupyterHub.load_groups = {"graders": ["ta2"]}',
        f"c.JupyterHub.api_tokens = {HUB_TOKENS!r}",
        # The hub lets eve reach the service too, so that the formgrader's own list refuses her.
        'c.JupyterHub.load_roles = [{"name": "formgrader-access", "users": ["ta1", "eve"], "groups": ["graders"],'
        ' "scopes": ["access:services!service=formgrader"]}]',
        f"c.JupyterHub.services = [{service!r}]",
        ""])


class Browser:
    """urllib with a cookie jar that follows redirects, as a browser logged in to the hub."""

    def __init__(self, public):
        self.public = public
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path, data=None, headers=None):
        request = urllib.request.Request(self.public + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.geturl(), response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode("utf-8")
        except urllib.error.URLError as error:  # not listening yet
            return 0, "", str(error)

    def log_in_to_hub(self, user):
        form = urllib.parse.urlencode({"username": user, "password": "any"}).encode()
        status, _, body = self.open("/hub/login?next=/hub/home", form)  # not /hub/spawn: no user servers here
        if status != 200:
            raise AssertionError(f"hub login of {user}: {status} {body[:300]}")


class AsHubService(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        reason = hub_can_run()
        if reason:
            print(f"SKIP: {reason}")
            sys.exit(SKIP)
        cls.work, cls.course = make_course()
        ports = {name: free_port() for name in ("public", "hub", "proxy_api", "service")}
        with open(os.path.join(cls.work, "jupyterhub_config.py"), "w", encoding="utf-8") as f:
            f.write(hub_config(cls.work, cls.course, ports))
        cls.log = open(os.path.join(cls.work, "hub.log"), "w", encoding="utf-8")
        cls.hub = subprocess.Popen(["jupyterhub", "-f", "jupyterhub_config.py"], cwd=cls.work, env=PROXY_ENV,
                                   stdout=cls.log, stderr=subprocess.STDOUT)
        cls.public = f"http://127.0.0.1:{ports['public']}"
        deadline = time.time() + 120
        while time.time() < deadline:  # up when the proxy routes to the service (it redirects to the hub)
            status, url, _ = Browser(cls.public).open("/services/formgrader/")
            if "/hub/login" in url:
                return
            if cls.hub.poll() is not None:
                break
            time.sleep(1)
        with open(os.path.join(cls.work, "hub.log"), encoding="utf-8") as f:
            log = f.read()[-3000:]
        cls.tearDownClass()
        raise AssertionError("JupyterHub and the formgrader service did not come up:\n" + log)

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "hub", None) and cls.hub.poll() is None:
            cls.hub.terminate()  # the hub stops its proxy and its managed services
            try:
                cls.hub.wait(timeout=30)
            except subprocess.TimeoutExpired:
                cls.hub.kill()
                cls.hub.wait()
        if getattr(cls, "log", None):
            cls.log.close()
        remove(cls.work)

    def grader(self, user):
        browser = Browser(self.public)
        browser.log_in_to_hub(user)
        status, url, body = browser.open("/services/formgrader/")
        return browser, status, url, body

    def test_allowed_user_logs_in_with_the_hub_and_grades_under_their_name(self):
        browser, status, url, body = self.grader("ta1")
        self.assertEqual(status, 200, body[:500])
        self.assertTrue(url.endswith("/services/formgrader/"), url)  # back where they asked to go
        self.assertIn("ps1", body)
        session = json.loads(browser.open("/services/formgrader/api/session")[2])
        self.assertEqual(session["grader"], "ta1")
        grade = {"assignment": "ps1", "student": "alice", "notebook": "problem1.ipynb", "grade_id": "essay",
                 "points": "2", "grader": "someone-else"}
        status, _, body = browser.open("/services/formgrader/api/grade", json.dumps(grade).encode(),
                                       {"Content-Type": "application/json", "X-CSRF-Token": session["csrf_token"]})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["grader"], "ta1")  # the hub name, not what the request says

    def test_member_of_an_allowed_group_may_grade(self):
        _, status, _, body = self.grader("ta2")
        self.assertEqual(status, 200, body[:500])
        self.assertIn("ps1", body)

    def test_other_hub_users_are_refused(self):
        browser, status, _, body = self.grader("eve")
        self.assertEqual(status, 403, body[:500])
        self.assertIn("is not one of this course", body)
        self.assertEqual(browser.open("/services/formgrader/api/assignments")[0], 401)

    def test_api_clients_may_send_a_graders_hub_token(self):
        client = Browser(self.public)
        tokens = {user: token for token, user in HUB_TOKENS.items()}
        auth = {"Authorization": "token " + tokens["ta2"]}
        status, _, body = client.open("/services/formgrader/api/session", headers=auth)
        self.assertEqual(status, 200, body)
        session = json.loads(body)
        self.assertEqual(session["grader"], "ta2")
        grade = {"assignment": "ps1", "student": "bob", "notebook": "problem1.ipynb", "grade_id": "essay",
                 "points": "1"}
        status, _, body = client.open("/services/formgrader/api/grade", json.dumps(grade).encode(),
                                      dict(auth, **{"Content-Type": "application/json",
                                                    "X-CSRF-Token": session["csrf_token"]}))
        self.assertEqual((status, json.loads(body).get("grader")), (200, "ta2"), body)
        eve = {"Authorization": "token " + tokens["eve"]}
        self.assertEqual(client.open("/services/formgrader/api/assignments", headers=eve)[0], 401)
        wrong = {"Authorization": "token not-a-hub-token"}
        self.assertEqual(client.open("/services/formgrader/api/assignments", headers=wrong)[0], 401)

    def test_callback_without_its_state_cookie_is_refused(self):
        status, _, _ = Browser(self.public).open("/services/formgrader/oauth_callback?code=x&state=y")
        self.assertEqual(status, 400)


if __name__ == "__main__":
    unittest.main()
