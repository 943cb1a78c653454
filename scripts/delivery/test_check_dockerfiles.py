"""check_dockerfiles and the Dockerfile reading behind it, on the repository's Dockerfiles and on small ones."""
import contextlib
import io
import os
import tempfile
import textwrap
import unittest

import check_dockerfiles
import dockerfile
from findings import Findings
from fixture import ROOT

SERVICE = """\
FROM eclipse-temurin:25-jre AS runtime
RUN useradd app
USER app
COPY --chown=0:0 jvm.options /app/jvm.options
EXPOSE 8080
HEALTHCHECK CMD curl -f http://localhost:8080/health
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "app.jar"]
"""


class DockerfileTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dockerfile-check-")
        self.addCleanup(lambda: __import__("shutil").rmtree(self.dir))

    def write(self, text, name="Dockerfile"):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(text))
        return path

    def findings(self, text, root_ok=False):
        path = self.write(text)
        findings = Findings(self.dir)
        with contextlib.redirect_stdout(io.StringIO()) as out:
            check_dockerfiles.run([path], findings, [path] if root_ok else [])
        self.output = out.getvalue()
        return list(findings)

    def assertFinding(self, text, expected):
        found = self.findings(text)
        self.assertTrue(any(expected in f for f in found), f"no finding with {expected!r} in {found}")

    def test_the_repository_dockerfiles_have_no_findings(self):
        findings = Findings(ROOT)
        check_dockerfiles.run([os.path.join(ROOT, "docker", "Dockerfile"),
                               os.path.join(ROOT, "docker", "frontend.Dockerfile")], findings)
        self.assertEqual(list(findings), [])

    def test_a_well_formed_service_has_no_findings(self):
        self.assertEqual(self.findings(SERVICE), [])

    def test_a_missing_dockerfile_is_reported(self):
        findings = Findings(self.dir)
        check_dockerfiles.run([os.path.join(self.dir, "nope")], findings)
        self.assertEqual(list(findings), ["nope: missing"])

    def test_a_file_without_from_is_reported(self):
        self.assertFinding("RUN true\n", "no FROM")

    def test_an_untagged_base_image_is_reported(self):
        self.assertFinding(SERVICE.replace("eclipse-temurin:25-jre", "eclipse-temurin"), "untagged base image")

    def test_latest_is_not_a_pinned_version(self):
        self.assertFinding(SERVICE.replace("eclipse-temurin:25-jre", "eclipse-temurin:latest"), "':latest' is not a pinned version")

    def test_a_tag_without_version_is_reported(self):
        self.assertFinding(SERVICE.replace("eclipse-temurin:25-jre", "nginx:alpine"), "the tag names no version")

    def test_a_digest_pins_an_image(self):
        self.assertEqual(self.findings(SERVICE.replace("eclipse-temurin:25-jre", "eclipse-temurin@sha256:" + "a" * 64)), [])

    def test_a_base_image_from_an_arg_without_default_is_reported(self):
        self.assertFinding("ARG BASE\n" + SERVICE.replace("eclipse-temurin:25-jre", "${BASE}"), "unresolved variable")

    def test_a_base_image_from_an_arg_default_is_resolved(self):
        self.assertFinding("ARG BASE=nginx:latest\n" + SERVICE.replace("eclipse-temurin:25-jre", "${BASE}"),
                           "FROM nginx:latest: ':latest' is not a pinned version")

    def test_add_of_a_url_is_reported(self):
        self.assertFinding(SERVICE + "ADD https://example.com/x.tgz /x\n", "ADD <url>")

    def test_a_stage_without_user_is_reported(self):
        self.assertFinding(SERVICE.replace("USER app\n", ""), "stage runtime: no non-root USER")

    def test_user_root_is_reported(self):
        self.assertFinding(SERVICE.replace("USER app", "USER 0:0"), "stage runtime: no non-root USER")

    def test_root_allowed_by_name_is_a_warning(self):
        self.assertEqual(self.findings(SERVICE.replace("USER app\n", ""), root_ok=True), [])
        self.assertIn("runs as root (allowed by DOCKERFILES_ROOT_OK)", self.output)

    def test_a_stage_without_healthcheck_is_reported(self):
        self.assertFinding(SERVICE.replace("HEALTHCHECK CMD curl -f http://localhost:8080/health\n", ""),
                           "no HEALTHCHECK (write HEALTHCHECK NONE")

    def test_a_service_without_expose_is_reported(self):
        self.assertFinding(SERVICE.replace("EXPOSE 8080\n", ""), "a service (has a HEALTHCHECK) without EXPOSE")

    def test_a_healthcheck_without_cmd_is_reported(self):
        self.assertFinding(SERVICE.replace("HEALTHCHECK CMD", "HEALTHCHECK --interval=5s"), "HEALTHCHECK without CMD")

    def test_a_heap_sized_by_percentage_is_reported(self):
        self.assertFinding(SERVICE + 'ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"\n',
                           "ENV sizes the heap as a share of the container's memory")

    def test_java_without_an_argfile_is_reported(self):
        self.assertFinding(SERVICE.replace('"@/app/jvm.options", ', ""), "starts java without an @argfile")

    def test_an_argfile_no_copy_provides_is_reported(self):
        self.assertFinding(SERVICE.replace("COPY --chown=0:0 jvm.options /app/jvm.options\n", ""),
                           "ENTRYPOINT reads @/app/jvm.options, but no COPY puts a file there")

    def test_files_owned_by_the_user_the_image_runs_as_are_reported(self):
        self.assertFinding(SERVICE.replace("COPY --chown=0:0 jvm.options", "COPY --chown=app:app jvm.options"),
                           "stage runtime: COPY --chown=app:app jvm.options /app/jvm.options: the files belong to the "
                           "user the image runs as (app)")

    def test_files_owned_by_the_runtime_uid_in_a_base_stage_are_reported(self):
        text = SERVICE.replace("USER app", "USER 10001:10001") + "COPY --from=build --chown=10001:10001 /layers/ ./\n"
        self.assertFinding("FROM eclipse-temurin:25-jdk AS build\n" + text, "the files belong to the user the image runs as")

    def test_the_repository_dockerfile_with_the_jars_owned_by_the_app_user_is_reported(self):
        path = os.path.join(ROOT, "docker", "Dockerfile")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("COPY --from=build --chown=0:0 /layers/application/ ./", text)
        found = self.findings(text.replace("COPY --from=build --chown=0:0 /layers/application/ ./",
                                           "COPY --from=build --chown=10001:10001 /layers/application/ ./"))
        self.assertTrue(any("--chown=10001:10001 /layers/application/" in f and "could rewrite them" in f
                            for f in found), found)

    def test_stages_inherit_user_and_healthcheck_from_their_base_stage(self):
        self.assertEqual(self.findings(SERVICE + "FROM runtime AS job\nHEALTHCHECK NONE\n"), [])


class CopySourceTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="copy-check-")
        self.addCleanup(lambda: __import__("shutil").rmtree(self.dir))
        for rel in ("edge/jvm.options", "src/index.html", "node_modules/x/index.js"):
            os.makedirs(os.path.join(self.dir, os.path.dirname(rel)), exist_ok=True)
            open(os.path.join(self.dir, rel), "w").close()

    def check(self, text, ignore=None, build_args=None):
        df = os.path.join(self.dir, "Dockerfile")
        with open(df, "w") as f:
            f.write(text)
        if ignore is not None:
            with open(df + ".dockerignore", "w") as f:
                f.write(ignore)
        findings = Findings(self.dir)
        dockerfile.check_copy_sources(df, self.dir, findings, build_args)
        return list(findings)

    def test_a_source_missing_from_the_context_is_reported(self):
        self.assertEqual(self.check("FROM a:1\nCOPY missing.txt /x\n"),
                         ["Dockerfile: COPY missing.txt: not found in build context ."])

    def test_a_source_excluded_by_the_ignore_file_is_reported(self):
        self.assertEqual(self.check("FROM a:1\nCOPY src/ /srv/\n", ignore="**\n!nginx/\n"),
                         ["Dockerfile: COPY src/: excluded by Dockerfile.dockerignore (**)"])

    def test_a_source_let_back_in_by_a_negation_is_accepted(self):
        self.assertEqual(self.check("FROM a:1\nCOPY src/ /srv/\n", ignore="**\n!src/\n"), [])

    def test_build_arguments_resolve_sources(self):
        text = "FROM a:1\nARG MODULE\nCOPY ${MODULE}/jvm.options /app/\n"
        self.assertEqual(self.check(text, build_args={"MODULE": "edge"}), [])
        self.assertEqual(self.check(text, build_args={"MODULE": "core"}),
                         ["Dockerfile: COPY core/jvm.options: not found in build context ."])
        self.assertEqual(self.check(text), [], "an unknown value is not checked")

    def test_copies_from_other_stages_are_not_context_sources(self):
        self.assertEqual(self.check("FROM a:1 AS b\nFROM a:1\nCOPY --from=b /nowhere /x\n"), [])


REACTOR_POM = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modules>
    <module>core</module>
    <module>edge</module>
  </modules>
  <profiles><profile><modules><module>client</module></modules></profile></profiles>
</project>
"""


class ReactorCopyTests(unittest.TestCase):
    """A Dockerfile that builds the Maven reactor must copy every module's pom.xml and sources."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="reactor-check-")
        self.addCleanup(lambda: __import__("shutil").rmtree(self.dir))
        with open(os.path.join(self.dir, "pom.xml"), "w") as f:
            f.write(REACTOR_POM)
        for rel in ("core/pom.xml", "core/src/A.java", "edge/pom.xml", "edge/src/B.java", "client/pom.xml"):
            os.makedirs(os.path.join(self.dir, os.path.dirname(rel)), exist_ok=True)
            open(os.path.join(self.dir, rel), "w").close()

    def check(self, copies):
        df = os.path.join(self.dir, "Dockerfile")
        with open(df, "w") as f:
            f.write("FROM a:1\n" + "".join(f"COPY {c}\n" for c in copies) + "RUN ./mvnw package\n")
        findings = Findings(self.dir)
        dockerfile.check_copy_sources(df, self.dir, findings)
        return list(findings)

    def test_every_module_copied_has_no_findings(self):
        self.assertEqual(self.check(["pom.xml ./", "core/pom.xml core/", "edge/pom.xml edge/", "core/src/ core/src/",
                                     "edge/src/ edge/src/"]), [])

    def test_a_module_whose_sources_are_not_copied_is_reported(self):
        self.assertEqual(self.check(["pom.xml ./", "core/pom.xml core/", "edge/pom.xml edge/", "core/src/ core/src/"]),
                         ["Dockerfile: no COPY brings edge/src, but edge is a module of the Maven reactor (pom.xml): "
                          "the image's Maven build needs it"])

    def test_a_module_whose_pom_is_not_copied_is_reported(self):
        found = self.check(["pom.xml ./", "core/ core/", "edge/src/ edge/src/"])
        self.assertEqual(found, ["Dockerfile: no COPY brings edge/pom.xml, but edge is a module of the Maven reactor "
                                 "(pom.xml): the image's Maven build needs it"])

    def test_a_whole_module_directory_or_the_whole_context_counts(self):
        self.assertEqual(self.check(["pom.xml ./", "core/ core/", "edge edge"]), [])
        self.assertEqual(self.check([". ."]), [])

    def test_a_dockerfile_that_does_not_copy_the_reactor_pom_is_not_concerned(self):
        self.assertEqual(self.check(["core/src/ /src/"]), [])

    def test_the_repository_dockerfile_without_one_module_is_reported(self):
        with open(os.path.join(ROOT, "docker", "Dockerfile"), encoding="utf-8") as f:
            text = f.read()
        self.assertIn("COPY r2dbc-support/src/ r2dbc-support/src/\n", text)
        broken = os.path.join(self.dir, "Dockerfile")
        with open(broken, "w") as f:
            f.write(text.replace("COPY r2dbc-support/src/ r2dbc-support/src/\n", ""))
        findings = Findings(ROOT)
        dockerfile.check_copy_sources(broken, ROOT, findings, {"MODULE": "edge"})
        self.assertTrue(any("no COPY brings r2dbc-support/src" in f for f in findings), list(findings))


if __name__ == "__main__":
    unittest.main()
