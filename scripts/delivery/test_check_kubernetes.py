"""check_kubernetes on the repository's manifests, and on copies broken one way each."""
import os
import unittest

import check_kubernetes
from findings import Findings
from fixture import ROOT, RepoCopy

KUBERNETES = "deploy/kubernetes"
FRONTEND = "deploy/kubernetes/base/frontend.yaml"
NOTIFIER = "deploy/kubernetes/base/notifier.yaml"
GATE = "deploy/kubernetes/base/migrations-gate.yaml"
NETWORK_ENV = "deploy/kubernetes/base/network.env"
TEMPLATE = "frontend/nginx/default.conf.template"
DOCKERFILE = "docker/frontend.Dockerfile"


def run_check(root):
    findings = Findings(root)
    check_kubernetes.KubernetesCheck(os.path.join(root, KUBERNETES), root, findings,
                                     os.path.join(root, TEMPLATE), os.path.join(root, DOCKERFILE)).run()
    return list(findings)


class RepositoryKubernetesTests(unittest.TestCase):
    def test_the_repository_manifests_have_no_findings(self):
        self.assertEqual(run_check(ROOT), [])


class BrokenKubernetesTests(unittest.TestCase):
    def setUp(self):
        self.repo = RepoCopy()
        self.addCleanup(self.repo.close)

    def assertFinding(self, expected):
        found = run_check(self.repo.root)
        self.assertTrue(any(expected in f for f in found), f"no finding with {expected!r} in {found}")

    # --- nginx's envsubst filter ---
    def test_a_filter_without_a_variable_of_the_image_template_is_reported(self):
        self.repo.edit(FRONTEND, "|NGINX_ACCESS_LOG|", "|")
        self.assertFinding("deploy/kubernetes/base/frontend.yaml: Deployment frontend, container frontend: "
                           "NGINX_ENVSUBST_FILTER does not let ${NGINX_ACCESS_LOG} of "
                           "frontend/nginx/default.conf.template through")

    def test_a_filter_without_a_variable_of_a_mounted_template_is_reported(self):
        self.repo.edit(FRONTEND, "|POD_CIDR)", ")")
        self.assertFinding("NGINX_ENVSUBST_FILTER does not let ${POD_CIDR} of "
                           "deploy/kubernetes/base/frontend-real-ip.conf.template through")

    def test_a_new_variable_in_the_image_template_is_reported(self):
        self.repo.write(TEMPLATE, self.repo.read(TEMPLATE) + "# ${NGINX_NEW_SETTING}\n")
        self.assertFinding("NGINX_ENVSUBST_FILTER does not let ${NGINX_NEW_SETTING} of")

    def test_a_mounted_template_variable_without_value_is_reported(self):
        self.repo.edit(NETWORK_ENV, "POD_CIDR=", "POD_RANGE=")
        self.assertFinding("${POD_CIDR} of deploy/kubernetes/base/frontend-real-ip.conf.template has no value")

    def test_a_mounted_template_the_kustomization_does_not_generate_is_reported(self):
        self.repo.edit(FRONTEND, "subPath: real-ip.conf.template", "subPath: other.conf.template")
        self.assertFinding("cannot find the file of /etc/nginx/templates/real-ip.conf.template")

    def test_a_filter_that_is_no_regular_expression_is_reported(self):
        self.repo.edit(FRONTEND, "value: ^(NGINX_PORT|", "value: ^((NGINX_PORT|")
        self.assertFinding("NGINX_ENVSUBST_FILTER is not a regular expression")

    # --- JVM memory ---
    def test_a_memory_limit_below_the_jvm_bounds_is_reported(self):
        text = self.repo.read(NOTIFIER)
        self.repo.write(NOTIFIER, text.replace("memory: 416Mi", "memory: 320Mi"))
        self.assertFinding("deploy/kubernetes/base/notifier.yaml: Deployment notifier, container notifier: memory "
                           "limit 320Mi is below notifier/jvm.options's bounds (288 MiB")

    def test_larger_jvm_options_need_a_larger_limit(self):
        self.repo.write("edge/jvm.options", self.repo.read("edge/jvm.options").replace("-Xmx160m", "-Xmx256m"))
        self.assertFinding("Deployment edge, container edge: memory limit 480Mi is below edge/jvm.options's bounds "
                           "(448 MiB")

    def test_the_migrations_init_container_is_held_to_its_jvm_options(self):
        self.repo.edit(GATE, "memory: 320Mi", "memory: 256Mi")
        self.assertFinding("deploy/kubernetes/base/migrations-gate.yaml: Deployment "
                           "every-deployment-that-needs-the-schema, container migrations: memory limit 256Mi")

    def test_an_unreadable_limit_is_reported(self):
        self.repo.edit(GATE, "memory: 320Mi", "memory: lots")
        self.assertFinding("container migrations: memory limit 'lots' is not a quantity")

    def test_quantities_read_as_mebibytes(self):
        self.assertEqual(check_kubernetes.quantity_mib("416Mi"), 416)
        self.assertEqual(check_kubernetes.quantity_mib("1Gi"), 1024)
        self.assertEqual(check_kubernetes.quantity_mib(str(2**20)), 1)
        self.assertAlmostEqual(check_kubernetes.quantity_mib("500M"), 476.837, places=2)
        self.assertIsNone(check_kubernetes.quantity_mib("1 gig"))

    def test_image_names_name_their_module(self):
        self.assertEqual(check_kubernetes.image_module("ghcr.io/todolist/notifier:main"), "notifier")
        self.assertEqual(check_kubernetes.image_module("ghcr.io/todolist/edge@sha256:abc"), "edge")
        self.assertEqual(check_kubernetes.image_module("localhost:5000/todo-core"), "todo-core")


if __name__ == "__main__":
    unittest.main()
