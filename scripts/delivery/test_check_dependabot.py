"""check_dependabot on the repository's configuration, and on copies broken one way each."""
import os
import unittest

import check_dependabot
from findings import Findings
from fixture import ROOT, RepoCopy

DEPENDABOT = ".github/dependabot.yml"
DOCKERFILES = ("docker/Dockerfile", "docker/frontend.Dockerfile")
COMPOSE = "docker/compose.yaml"


def run_check(root):
    findings = Findings(root)
    check_dependabot.run(os.path.join(root, DEPENDABOT), root, findings,
                         [os.path.join(root, f) for f in DOCKERFILES], [os.path.join(root, COMPOSE)])
    return list(findings)


def entry(ecosystem, change):
    def apply(doc):
        change(next(u for u in doc["updates"] if u["package-ecosystem"] == ecosystem))
    return apply


class RepositoryDependabotTests(unittest.TestCase):
    def test_the_repository_configuration_has_no_findings(self):
        self.assertEqual(run_check(ROOT), [])


class BrokenDependabotTests(unittest.TestCase):
    def setUp(self):
        self.repo = RepoCopy()
        self.addCleanup(self.repo.close)

    def broken(self, change, expected):
        self.repo.edit_yaml(DEPENDABOT, change)
        found = run_check(self.repo.root)
        self.assertTrue(any(expected in f for f in found), f"no finding with {expected!r} in {found}")

    def test_another_version_is_reported(self):
        self.broken(lambda doc: doc.update(version=1), "version must be 2")

    def test_a_directory_that_does_not_exist_is_reported(self):
        self.broken(entry("npm", lambda u: u.update(directory="/gui")), "npm: directory /gui does not exist")

    def test_a_docker_directory_without_a_dockerfile_is_reported(self):
        self.broken(lambda doc: doc["updates"].append(
            {"package-ecosystem": "docker", "directory": "/frontend", "schedule": {"interval": "weekly"}}),
            "docker: directory /frontend holds nothing docker updates")

    def test_a_compose_directory_without_a_compose_file_is_reported(self):
        self.broken(entry("docker-compose", lambda u: u.update(directory="/frontend")),
                    "docker-compose: directory /frontend holds nothing docker-compose updates")

    def test_an_entry_without_schedule_is_reported(self):
        self.broken(entry("maven", lambda u: u.pop("schedule")), "maven: schedule.interval missing")

    def test_a_missing_ecosystem_is_reported(self):
        self.broken(lambda doc: doc["updates"].remove(
            next(u for u in doc["updates"] if u["package-ecosystem"] == "github-actions")), "no 'github-actions' updates")

    def test_a_dockerfile_outside_every_docker_folder_is_reported(self):
        self.broken(entry("docker", lambda u: u.update(directory="/frontend")),
                    "docker/Dockerfile: its folder has no 'docker' entry, so its images are never updated")

    def test_the_compose_file_without_docker_compose_updates_is_reported(self):
        self.broken(lambda doc: doc["updates"].remove(
            next(u for u in doc["updates"] if u["package-ecosystem"] == "docker-compose")),
            "docker/compose.yaml: its folder has no 'docker-compose' entry")

    def test_an_entry_without_directory_is_reported(self):
        self.broken(entry("npm", lambda u: u.pop("directory")), "npm: no directory")

    def test_a_compose_file_dependabot_would_not_read_is_reported(self):
        findings = Findings(self.repo.root)
        stack = self.repo.write("docker/stack.yaml", self.repo.read(COMPOSE))
        check_dependabot.run(self.repo.path(DEPENDABOT), self.repo.root, findings, [], [stack])
        self.assertIn(".github/dependabot.yml: docker/stack.yaml: Dependabot's docker-compose updates do not read a "
                      "file of that name", list(findings))

    def test_directories_lists_count_like_a_directory(self):
        self.repo.edit_yaml(DEPENDABOT, entry("docker", lambda u: (u.pop("directory"), u.update(directories=["/docker"]))))
        self.assertEqual(run_check(self.repo.root), [])

    def test_a_dockerignore_is_no_dockerfile(self):
        self.assertFalse(check_dependabot.is_manifest("docker", "frontend.Dockerfile.dockerignore"))
        self.assertTrue(check_dependabot.is_manifest("docker", "frontend.Dockerfile"))
        self.assertTrue(check_dependabot.is_manifest("docker-compose", "compose.yaml"))
        self.assertTrue(check_dependabot.is_manifest("docker-compose", "docker-compose.override.yml"))


if __name__ == "__main__":
    unittest.main()
