"""check_nginx on the repository's template, image and renderer, and on copies broken one way each."""
import unittest

import check_nginx
from findings import Findings
from fixture import ROOT, RepoCopy

TEMPLATE = "frontend/nginx/default.conf.template"
DOCKERFILE = "docker/frontend.Dockerfile"
RENDER = "frontend/scripts/render-nginx.sh"


def run_check(repo_root):
    findings = Findings(repo_root)
    check_nginx.run(f"{repo_root}/{TEMPLATE}", f"{repo_root}/{DOCKERFILE}", f"{repo_root}/{RENDER}", findings)
    return list(findings)


class RepositoryNginxTests(unittest.TestCase):
    def test_the_repository_template_renders_alike_in_the_image_and_on_a_host(self):
        self.assertEqual(run_check(ROOT), [])


class BrokenNginxTests(unittest.TestCase):
    def setUp(self):
        self.repo = RepoCopy()
        self.addCleanup(self.repo.close)

    def assertFinding(self, expected):
        found = run_check(self.repo.root)
        self.assertTrue(any(expected in f for f in found), f"no finding with {expected!r} in {found}")

    def test_a_variable_the_image_filter_drops_is_reported(self):
        self.repo.edit(DOCKERFILE, "|NGINX_RESOLVER_VALID|", "|")
        self.assertFinding("NGINX_ENVSUBST_FILTER does not let ${NGINX_RESOLVER_VALID} of")

    def test_a_variable_without_image_default_is_reported(self):
        self.repo.edit(DOCKERFILE, "    NGINX_RESOLVER_VALID=10s \\\n", "")
        self.assertFinding("${NGINX_RESOLVER_VALID} of frontend/nginx/default.conf.template has no ENV default")

    def test_local_resolvers_without_the_entrypoint_switch_are_reported(self):
        self.repo.edit(DOCKERFILE, "    NGINX_ENTRYPOINT_LOCAL_RESOLVERS=1 \\\n", "")
        self.assertFinding("${NGINX_LOCAL_RESOLVERS} comes from the image's entrypoint only with NGINX_ENTRYPOINT_LOCAL_RESOLVERS set")

    def test_a_renderer_that_substitutes_other_variables_is_reported(self):
        self.repo.edit(RENDER, " ${NGINX_RESOLVER_VALID} ", " ")
        self.assertFinding("frontend/scripts/render-nginx.sh: substitutes EDGE_UPSTREAM, FRONTEND_ROOT, NGINX_ACCESS_LOG, NGINX_LOCAL_RESOLVERS, NGINX_PORT but")

    def test_a_literal_upstream_is_reported(self):
        self.repo.edit(TEMPLATE, "proxy_pass $todo_edge;", "proxy_pass ${EDGE_UPSTREAM};")
        self.assertFinding("proxy_pass ${EDGE_UPSTREAM}: a literal upstream is resolved once at start-up")

    def test_a_variable_upstream_without_resolver_is_reported(self):
        text = self.repo.read(TEMPLATE)
        self.repo.write(TEMPLATE, "\n".join(line for line in text.splitlines() if not line.strip().startswith("resolver")))
        self.assertFinding("no resolver")

    def test_a_missing_input_is_reported(self):
        self.repo.remove(RENDER)
        self.assertEqual(run_check(self.repo.root), ["frontend/scripts/render-nginx.sh: missing"])

    def test_a_renderer_without_envsubst_of_the_template_is_reported(self):
        self.repo.edit(RENDER, '<"$HERE/nginx/default.conf.template"', '<"$HERE/nginx/server.conf.template"')
        self.assertFinding("no envsubst '...' < .../default.conf.template found")

    def test_a_main_configuration_without_worker_shutdown_timeout_is_reported(self):
        for name in ("nginx.conf", "host-nginx.conf.template"):
            with self.subTest(name):
                repo = RepoCopy()
                self.addCleanup(repo.close)
                repo.edit(f"frontend/nginx/{name}", "worker_shutdown_timeout 25s;", "")
                found = run_check(repo.root)
                self.assertTrue(any(f.startswith(f"frontend/nginx/{name}: no worker_shutdown_timeout") for f in found),
                                found)

    def test_commented_directives_do_not_count(self):
        self.assertEqual(check_nginx.directives("# proxy_pass http://x;\nproxy_pass $a; # resolver 1.1.1.1;\n", "proxy_pass"), ["$a"])
        self.assertEqual(check_nginx.directives("# resolver 1.1.1.1;\n", "resolver"), [])


if __name__ == "__main__":
    unittest.main()
