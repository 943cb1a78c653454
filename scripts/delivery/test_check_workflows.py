"""check_workflows on the repository's workflows, and on copies broken one way each."""
import glob
import os
import unittest

import check_workflows
from findings import Findings
from fixture import ROOT, RepoCopy

BUILD = ".github/workflows/build.yml"
PINNED = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"


def run_check(root, files):
    findings = Findings(root)
    check_workflows.run(files, root, findings)
    return list(findings)


class RepositoryWorkflowTests(unittest.TestCase):
    def test_the_repository_workflows_have_no_findings(self):
        files = sorted(glob.glob(os.path.join(ROOT, ".github", "workflows", "*.y*ml")))
        self.assertTrue(files)
        self.assertEqual(run_check(ROOT, files), [])


class BrokenWorkflowTests(unittest.TestCase):
    def setUp(self):
        self.repo = RepoCopy()
        self.addCleanup(self.repo.close)

    def assertFinding(self, expected, path=BUILD):
        found = run_check(self.repo.root, [self.repo.path(path)])
        self.assertTrue(any(expected in f for f in found), f"no finding with {expected!r} in {found}")

    def edit(self, old, new):
        self.repo.edit(BUILD, old, new)

    def publisher(self, change):
        def apply(doc):
            change(doc["jobs"]["images"])
        self.repo.edit_yaml(BUILD, apply)

    def test_no_workflow_at_all_is_reported(self):
        self.assertEqual(run_check(self.repo.root, []), [".: no workflow files given"])

    def test_an_action_pinned_to_a_tag_is_reported(self):
        self.edit(PINNED, "actions/checkout@v7 # v7.0.1")
        self.assertFinding("'actions/checkout@v7' is not pinned to a full commit SHA")

    def test_a_pinned_action_without_release_comment_is_reported(self):
        self.edit(PINNED, PINNED.split(" #")[0])
        self.assertFinding("has no '# vX.Y.Z' comment naming the release")

    def test_missing_top_level_permissions_are_reported(self):
        self.edit("permissions:\n  contents: read\n\nconcurrency", "concurrency")
        self.assertFinding("top-level 'permissions:' must be set")

    def test_top_level_write_is_reported(self):
        self.edit("permissions:\n  contents: read\n\nconcurrency", "permissions:\n  contents: write\n\nconcurrency")
        self.assertFinding("top-level permissions grant write")

    def test_write_permissions_of_a_job_that_pushes_nothing_are_reported(self):
        self.repo.edit_yaml(BUILD, lambda doc: doc["jobs"]["test"].update(permissions={"packages": "write"}))
        self.assertFinding("job test: write permissions without a step that pushes")

    def test_a_workflow_without_concurrency_is_reported(self):
        self.repo.edit_yaml(BUILD, lambda doc: doc.pop("concurrency"))
        self.assertFinding("no 'concurrency:'")

    def test_every_push_and_pull_requests_together_are_reported(self):
        self.edit("on:\n  push:\n    branches: [main]\n    tags: [\"v*\"]\n", "on:\n  push:\n")
        self.assertFinding("a pull request from a branch of this repository is tested twice")

    def test_publishing_without_waiting_for_the_tests_is_reported(self):
        self.publisher(lambda job: job.update(needs=["test"]))
        self.assertFinding("job images: publishes images without waiting for compose-smoke, frontend")

    def test_publishing_for_a_pull_request_is_reported(self):
        self.publisher(lambda job: job.pop("if"))
        self.assertFinding("job images: publishes images but may run for a pull request")

    def test_publishing_on_workflow_run_without_success_is_reported(self):
        self.repo.write(".github/workflows/images.yml", """\
name: images
on:
  workflow_run:
    workflows: [build]
    types: [completed]
permissions:
  contents: read
concurrency: images
jobs:
  image:
    runs-on: ubuntu-24.04
    permissions:
      packages: write
    steps:
      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0
        with:
          push: true
""")
        self.assertFinding("job image: publishes on workflow_run without requiring", ".github/workflows/images.yml")
        self.repo.edit(".github/workflows/images.yml", "  image:\n", "  image:\n    if: github.event.workflow_run.conclusion == 'success'\n")
        self.assertEqual(run_check(self.repo.root, [self.repo.path(".github/workflows/images.yml")]), [])

    def test_a_matrix_dockerfile_that_does_not_exist_is_reported(self):
        self.edit("file: docker/frontend.Dockerfile", "file: frontend/Dockerfile")
        self.assertFinding("matrix frontend: Dockerfile frontend/Dockerfile does not exist")

    def test_a_matrix_context_that_does_not_exist_is_reported(self):
        self.edit("context: frontend\n", "context: gui\n")
        self.assertFinding("matrix frontend: context gui does not exist")

    def test_a_matrix_target_that_is_no_stage_is_reported(self):
        self.edit("target: job", "target: once")
        self.assertFinding("matrix migrations-job: no stage 'once' in docker/Dockerfile")

    def test_a_matrix_module_that_does_not_exist_is_reported(self):
        self.edit("MODULE=todo-core", "MODULE=tasks")
        self.assertFinding("matrix todo-core: MODULE=tasks is not a Maven module")

    def test_an_image_the_compose_file_builds_but_no_matrix_publishes_is_reported(self):
        self.publisher(lambda job: job["strategy"]["matrix"]["include"].pop(
            next(i for i, e in enumerate(job["strategy"]["matrix"]["include"]) if e["image"] == "notifier")))
        self.assertFinding("job images: docker/compose.yaml builds image notifier (service notifier), "
                           "but the matrix does not publish it")

    def test_a_matrix_build_whose_copy_sources_are_missing_is_reported(self):
        self.repo.remove("todo-core/jvm.options")
        self.assertFinding("docker/Dockerfile: COPY todo-core/jvm.options: not found in build context")


if __name__ == "__main__":
    unittest.main()
