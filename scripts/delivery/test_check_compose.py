"""check_compose on the repository's compose file, and on copies broken one way each."""
import os
import re
import tempfile
import textwrap
import unittest

import check_compose
from findings import Findings
from fixture import ROOT, RepoCopy

COMPOSE = "docker/compose.yaml"
TEST_IMAGES = "test-support/src/main/java/dev/todolist/testsupport/TestImages.java"
SCHEMA = os.path.join(ROOT, ".stack", "tools", "compose_spec.json")


def run_check(root, schema=None):
    findings = Findings(root)
    check_compose.ComposeCheck(os.path.join(root, COMPOSE), root, findings,
                               test_images=os.path.join(root, TEST_IMAGES), schema=schema).run()
    return list(findings)


def service(name, change):
    def apply(doc):
        change(doc["services"][name])
    return apply


class RepositoryComposeTests(unittest.TestCase):
    def test_the_repository_compose_file_has_no_findings(self):
        self.assertEqual(run_check(ROOT, SCHEMA if os.path.isfile(SCHEMA) else None), [])


class ScaleOverlayTests(unittest.TestCase):
    """docker/compose.scale.yaml, given after the compose file: only known services, no scalable one on a host port."""

    def setUp(self):
        findings = Findings(ROOT)
        check = check_compose.ComposeCheck(os.path.join(ROOT, COMPOSE), ROOT, findings)
        check.run()
        self.services = check.services
        self.dir = tempfile.mkdtemp(prefix="overlay-check-")
        self.addCleanup(lambda: __import__("shutil").rmtree(self.dir))

    def check(self, text=None):
        if text is None:
            path = os.path.join(ROOT, "docker", "compose.scale.yaml")
        else:
            path = os.path.join(self.dir, "overlay.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(text))
        findings = Findings(self.dir)
        check_compose.check_overlay(path, self.services, findings)
        return list(findings)

    def test_the_repository_overlay_has_no_findings(self):
        self.assertEqual(self.check(), [])

    def test_without_the_reset_the_edge_keeps_its_host_port(self):
        self.assertIn("8080", " ".join(str(p) for p in self.services["edge"]["ports"]))
        found = self.check("services:\n  edge:\n    environment:\n      X: y\n")
        self.assertEqual(len(found), 1, found)
        self.assertIn("edge still publishes", found[0])
        self.assertIn("--scale edge=2", found[0])

    def test_ports_added_by_the_overlay_are_merged_not_replaced(self):
        found = self.check("""\
            services:
              edge:
                ports: !reset []
              todo-core:
                ports: ["18081:8081"]
            """)
        self.assertEqual(len(found), 1, found)
        self.assertIn("todo-core still publishes 18081:8081", found[0])

    def test_override_replaces_the_base_files_ports(self):
        self.assertIn("edge still publishes 9090:8080",
                      " ".join(self.check("services:\n  edge:\n    ports: !override [\"9090:8080\"]\n")))

    def test_an_unknown_service_is_reported(self):
        self.assertIn("changes service 'gateway', which the compose file does not have",
                      " ".join(self.check("services:\n  edge:\n    ports: !reset []\n  gateway:\n    image: x:1\n")))

    def test_invalid_yaml_is_reported(self):
        self.assertIn("not valid YAML", " ".join(self.check("services:\n  edge: [\n")))


class BrokenComposeTests(unittest.TestCase):
    def setUp(self):
        self.repo = RepoCopy()
        self.addCleanup(self.repo.close)

    def assertFinding(self, expected, schema=None):
        found = run_check(self.repo.root, schema)
        self.assertTrue(any(expected in f for f in found), f"no finding with {expected!r} in {found}")

    def broken(self, change, expected):
        self.repo.edit_yaml(COMPOSE, change)
        self.assertFinding(expected)

    def jvm_options(self, module, pattern, replacement):
        text = self.repo.read(f"{module}/jvm.options")
        self.assertRegex(text, pattern)
        self.repo.write(f"{module}/jvm.options", re.sub(pattern, replacement, text))

    # --- the pipeline's order ---
    def test_a_service_waiting_for_an_unknown_service_is_reported(self):
        self.broken(service("edge", lambda s: s["depends_on"].update(cache={"condition": "service_started"})),
                    "edge: depends_on unknown service 'cache'")

    def test_waiting_for_health_of_a_service_without_healthcheck_is_reported(self):
        def change(doc):
            del doc["services"]["todo-core"]["healthcheck"]
            doc["services"]["todo-core"]["build"]["target"] = "job"
        self.broken(change, "edge: waits for 'todo-core' to be healthy, but 'todo-core' has no healthcheck")

    def test_waiting_for_a_job_that_restarts_is_reported(self):
        self.broken(service("migrations-job", lambda s: s.update(restart="on-failure")),
                    "todo-core: waits for 'migrations-job' to complete, but 'migrations-job' lacks restart")

    def test_a_one_shot_job_that_publishes_ports_is_reported(self):
        self.broken(service("migrations-job", lambda s: s.update(ports=["9000:9000"])),
                    "migrations-job: a one-shot job publishes ports")

    def test_a_one_shot_job_nobody_waits_for_is_reported(self):
        def nobody_waits(doc):
            for name in ("notifier", "todo-core"):
                doc["services"][name]["depends_on"].pop("migrations-job")
        self.broken(nobody_waits, "migrations-job: a one-shot job no service waits for")

    def test_a_missing_step_of_the_pipeline_is_reported(self):
        self.broken(service("edge", lambda s: s["depends_on"].pop("redis")),
                    "edge: must depend on redis with condition service_healthy (has None)")

    def test_a_missing_service_is_reported(self):
        self.broken(lambda doc: doc["services"].pop("redis"), "service 'redis' missing")

    # --- Zipkin's in-memory storage ---
    ZIPKIN_ENV = "docker/observability/zipkin.env"

    def test_more_spans_than_the_heap_holds_are_reported(self):
        self.repo.edit(self.ZIPKIN_ENV, "MEM_MAX_SPANS=100000", "MEM_MAX_SPANS=200000")
        self.assertFinding("zipkin: MEM_MAX_SPANS 200000 needs a heap of 552 MiB (2.5 KiB a span + 64 MiB), -Xmx gives 320")

    def test_the_images_own_heap_is_reported(self):
        self.repo.edit(self.ZIPKIN_ENV, "JAVA_OPTS=-Xms320m -Xmx320m", "JAVA_OPTS=-Xms320m")
        self.assertFinding("zipkin: in-memory storage without JAVA_OPTS -Xmx")

    def test_in_memory_storage_without_a_span_limit_is_reported(self):
        self.repo.edit(self.ZIPKIN_ENV, "MEM_MAX_SPANS=100000\n", "")
        self.assertFinding("zipkin: in-memory storage without MEM_MAX_SPANS")

    def test_the_environment_overrides_the_env_file(self):
        self.broken(service("zipkin", lambda s: s.update(environment={"MEM_MAX_SPANS": "300000"})),
                    "zipkin: MEM_MAX_SPANS 300000 needs a heap")

    def test_a_heap_the_memory_limit_cannot_hold_is_reported(self):
        # 512 MiB was compose's first limit: Zipkin's heap and the 220 MB measured beside it do not fit
        self.broken(service("zipkin", lambda s: s.update(mem_limit="512m")),
                    "zipkin: memory limit 512 MiB leaves no room beside its 320 MiB heap")

    def test_a_missing_env_file_is_reported(self):
        self.repo.remove(self.ZIPKIN_ENV)
        self.assertFinding("env_file ./observability/zipkin.env is missing")

    # --- logs ---
    def test_a_service_without_log_rotation_is_reported(self):
        self.broken(service("zipkin", lambda s: s.pop("logging")), "zipkin: logs without rotation (the json-file driver")

    def test_a_java_service_without_log_rotation_is_reported(self):
        self.broken(service("edge", lambda s: s["logging"]["options"].pop("max-size")),
                    "edge: logs without rotation (the json-file driver")

    def test_a_driver_that_keeps_no_file_needs_no_rotation_options(self):
        self.repo.edit_yaml(COMPOSE, service("grafana", lambda s: s.update(logging={"driver": "journald"})))
        self.assertEqual([f for f in run_check(self.repo.root) if "logs without rotation" in f], [])

    # --- ports, restart, limits ---
    def test_an_internal_service_that_publishes_a_port_is_reported(self):
        self.broken(service("todo-core", lambda s: s.update(ports=["8081:8081"])),
                    "todo-core: publishes ports; only edge, frontend may (and grafana, zipkin on 127.0.0.1)")

    def test_a_loopback_service_published_on_every_interface_is_reported(self):
        self.broken(service("grafana", lambda s: s.update(ports=["${GRAFANA_PORT:-3001}:3000"])),
                    "grafana: publishes 3001:3000 on every interface")

    def test_a_loopback_service_on_127_0_0_1_is_accepted(self):
        self.repo.edit_yaml(COMPOSE, service("zipkin", lambda s: s.update(ports=[
            "127.0.0.1:9411:9411", {"target": 9411, "published": "9412", "host_ip": "127.0.0.1"}])))
        self.assertEqual([f for f in run_check(self.repo.root) if f.startswith("docker/compose.yaml: zipkin")], [])

    def test_grafana_with_basic_auth_on_is_reported(self):
        self.broken(service("grafana", lambda s: s["environment"].pop("GF_AUTH_BASIC_ENABLED")),
                    "grafana: GF_AUTH_BASIC_ENABLED is not \"false\": basic auth logs anyone in")

    def test_grafana_with_the_login_form_on_is_reported(self):
        self.broken(service("grafana", lambda s: s["environment"].update(GF_AUTH_DISABLE_LOGIN_FORM="false")),
                    "grafana: GF_AUTH_DISABLE_LOGIN_FORM is not \"true\"")

    def test_grafana_with_a_literal_admin_password_is_reported(self):
        def change(svc):
            svc["environment"].pop("GF_AUTH_BASIC_ENABLED")
            svc["environment"]["GF_SECURITY_ADMIN_PASSWORD"] = "admin"
        self.broken(service("grafana", change), "grafana: GF_SECURITY_ADMIN_PASSWORD is not a required variable")

    def test_grafana_with_an_admin_password_may_keep_its_logins(self):
        def change(svc):
            svc["environment"].pop("GF_AUTH_BASIC_ENABLED")
            svc["environment"]["GF_SECURITY_ADMIN_PASSWORD"] = "${GRAFANA_ADMIN_PASSWORD:?set it}"
        self.repo.edit_yaml(COMPOSE, service("grafana", change))
        self.assertEqual([f for f in run_check(self.repo.root) if "GF_AUTH" in f], [])

    def test_a_public_service_publishing_the_wrong_port_is_reported(self):
        self.broken(service("frontend", lambda s: s.update(ports=["3000:80"])),
                    "frontend: should publish container port 3000")

    def test_a_container_name_on_a_scalable_service_is_reported(self):
        self.broken(service("notifier", lambda s: s.update(container_name="notifier")),
                    "notifier: container_name blocks `docker compose up --scale notifier=N`")

    def test_a_notifier_target_that_is_not_resolved_as_dns_is_reported(self):
        self.broken(service("edge", lambda s: s["environment"].update(NOTIFIER_ADDR="notifier:9090")),
                    "edge: NOTIFIER_ADDR notifier:9090 should be dns:///host:port")

    def test_host_networking_is_reported(self):
        self.broken(service("redis", lambda s: s.update(network_mode="host")),
                    "redis: network_mode host bypasses the internal network")

    def test_a_service_without_restart_policy_is_reported(self):
        self.broken(service("redis", lambda s: s.pop("restart")), "redis: long-running service without a restart policy")

    def test_a_healthcheck_of_none_is_no_healthcheck(self):
        self.broken(service("todo-core", lambda s: s["healthcheck"].update(test=["NONE"])),
                    "edge: waits for 'todo-core' to be healthy, but 'todo-core' has no healthcheck")

    def test_a_service_without_healthcheck_is_reported(self):
        def change(doc):
            doc["services"]["frontend"].pop("healthcheck")
            doc["services"]["frontend"]["build"]["dockerfile"] = "../docker/Dockerfile"
            doc["services"]["frontend"]["build"]["target"] = "job"
        self.broken(change, "frontend: long-running service without a healthcheck")

    def test_a_service_without_memory_limit_is_reported(self):
        self.broken(service("frontend", lambda s: s.pop("mem_limit")), "frontend: no memory limit")

    # --- builds ---
    def test_a_missing_build_context_is_reported(self):
        self.broken(service("frontend", lambda s: s["build"].update(context="../gui")),
                    "frontend: build context ../gui does not exist")

    def test_a_missing_dockerfile_is_reported(self):
        self.broken(service("edge", lambda s: s["build"].update(dockerfile="docker/edge.Dockerfile")),
                    "edge: Dockerfile docker/edge.Dockerfile does not exist")

    def test_a_build_target_that_is_no_stage_is_reported(self):
        self.broken(service("edge", lambda s: s["build"].update(target="server")),
                    "edge: build target 'server' is not a stage of docker/Dockerfile")

    def test_a_module_that_does_not_exist_is_reported(self):
        self.broken(service("edge", lambda s: s["build"]["args"].update(MODULE="gateway")),
                    "edge: build arg MODULE=gateway is not a Maven module")

    def test_a_copy_source_missing_for_the_module_is_reported(self):
        self.repo.remove("edge/jvm.options")
        self.assertFinding("docker/Dockerfile: COPY edge/jvm.options: not found in build context")

    def test_a_build_without_image_name_is_reported(self):
        self.broken(service("edge", lambda s: s.pop("image")), "edge: builds without an image name")

    def test_a_build_without_pull_policy_build_is_reported(self):
        self.broken(service("frontend", lambda s: s.pop("pull_policy")),
                    "frontend: builds its image but lacks pull_policy: build")

    # --- stop grace ---
    def test_the_default_stop_grace_under_a_graceful_shutdown_is_reported(self):
        self.broken(service("edge", lambda s: s.pop("stop_grace_period")),
                    "edge: stop_grace_period unset (10s) cuts its graceful shutdown (30s shutdown phase")

    def test_a_longer_shutdown_timeout_needs_a_longer_stop_grace(self):
        self.broken(service("todo-core", lambda s: s["environment"].update(SHUTDOWN_TIMEOUT="45s")),
                    "todo-core: stop_grace_period 30s cuts its graceful shutdown (45s shutdown phase")

    def test_the_module_default_shutdown_timeout_is_read_from_its_configuration(self):
        self.repo.edit("todo-core/src/main/resources/application.yaml", "${SHUTDOWN_TIMEOUT:20s}",
                       "${SHUTDOWN_TIMEOUT:1m}")
        self.assertFinding("todo-core: stop_grace_period 30s cuts its graceful shutdown (60s shutdown phase")

    def test_the_grpc_servers_shutdown_grace_counts_for_the_notifier(self):
        self.broken(service("notifier", lambda s: s.update(stop_grace_period="30s")),
                    "notifier: stop_grace_period 30s cuts its graceful shutdown (30s gRPC server shutdown grace period")

    def test_a_shorter_grpc_grace_lets_the_shutdown_phase_decide(self):
        def change(svc):
            svc["stop_grace_period"] = "24s"
            svc["environment"]["SPRING_GRPC_SERVER_SHUTDOWN_GRACEPERIOD"] = "10s"
        self.repo.edit_yaml(COMPOSE, service("notifier", change))
        self.assertFinding("notifier: stop_grace_period 24s cuts its graceful shutdown (20s shutdown phase")

    def test_an_unreadable_shutdown_timeout_is_reported(self):
        self.broken(service("todo-core", lambda s: s["environment"].update(SHUTDOWN_TIMEOUT="soon")),
                    "todo-core: cannot read todo-core's spring.lifecycle.timeout-per-shutdown-phase")

    def test_a_stop_grace_period_that_is_no_duration_is_reported(self):
        self.broken(service("edge", lambda s: s.update(stop_grace_period="forever")),
                    "edge: stop_grace_period 'forever' is not a duration")

    # --- JVM memory ---
    def test_a_memory_limit_below_the_jvm_bounds_is_reported(self):
        self.broken(service("edge", lambda s: s.update(mem_limit="128m")),
                    "edge: memory limit 128 MiB leaves no room for the JVM")

    def test_a_heap_sized_by_percentage_is_reported(self):
        self.broken(service("edge", lambda s: s["environment"].update(JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75")),
                    "edge: JAVA_TOOL_OPTIONS sizes the JVM apart from edge/jvm.options")

    def test_jvm_options_without_a_bound_are_reported(self):
        self.jvm_options("edge", r"-XX:MaxDirectMemorySize=\S+", "")
        self.assertFinding("edge/jvm.options: no -XX:MaxDirectMemorySize<size>")

    def test_jvm_options_with_an_unreadable_size_are_reported(self):
        self.jvm_options("todo-core", r"-Xmx\S+", "-Xmx96q")
        self.assertFinding("todo-core/jvm.options: -Xmx96q: not a size")

    def test_an_initial_heap_above_the_maximum_is_reported(self):
        self.jvm_options("todo-core", r"-Xms\S+", "-Xms8g")
        self.assertFinding("todo-core/jvm.options: -Xms is larger than -Xmx")

    def test_jvm_options_with_a_percentage_heap_are_reported(self):
        self.repo.write("todo-core/jvm.options", self.repo.read("todo-core/jvm.options") + "-XX:MaxRAMPercentage=75\n")
        self.assertFinding("todo-core/jvm.options: -XX:MaxRAMPercentage=75: size the heap explicitly")

    def test_missing_jvm_options_are_reported(self):
        self.repo.remove("migrations-job/jvm.options")
        self.assertFinding("migrations-job: migrations-job/jvm.options is missing")

    # --- privileges ---
    def test_a_shell_command_that_skips_the_privilege_drop_is_reported(self):
        self.broken(service("redis", lambda s: s.update(command=["sh", "-c", "exec redis-server --appendonly yes"])),
                    "redis: its command starts a shell (sh), which skips the image entrypoint's privilege drop")

    def test_a_shell_command_with_an_explicit_user_is_accepted(self):
        self.repo.edit_yaml(COMPOSE, service("redis", lambda s: s.update(
            command=["sh", "-c", "exec redis-server"], user="redis")))
        self.assertEqual([f for f in run_check(self.repo.root) if "privilege" in f], [])

    # --- addresses and the trusted proxy ---
    def test_a_fixed_address_inside_the_dynamic_range_is_reported(self):
        self.broken(service("frontend", lambda s: s.update(networks={"gui": {}, "gui-edge": {"ipv4_address": "172.28.0.10"}})),
                    "frontend: fixed address 172.28.0.10 on gui-edge is not reserved")

    def test_a_fixed_address_outside_the_dynamic_range_is_accepted(self):
        self.repo.edit_yaml(COMPOSE, service("frontend", lambda s: s.update(
            networks={"gui": {}, "gui-edge": {"ipv4_address": "172.28.0.5"}})))
        self.assertEqual([f for f in run_check(self.repo.root) if "fixed address" in f], [])

    def test_trusting_one_address_outside_a_reserved_range_is_reported(self):
        self.broken(service("edge", lambda s: s["environment"].update(CLIENT_IP_TRUSTED_PROXIES="172.30.0.10")),
                    "edge: trusts 172.30.0.10/32 for X-Forwarded-For, which is not inside the ip_range")

    def test_trusting_the_whole_subnet_with_its_gateway_is_reported(self):
        def change(doc):
            doc["services"]["edge"]["environment"]["CLIENT_IP_TRUSTED_PROXIES"] = "172.28.0.0/28"
            doc["networks"]["gui-edge"]["ipam"]["config"][0]["ip_range"] = "172.28.0.0/28"
        self.broken(change, "network gui-edge: its gateway 172.28.0.1 lies in the trusted 172.28.0.0/28")

    def test_a_trusted_network_that_is_not_internal_is_reported(self):
        self.broken(lambda doc: doc["networks"]["gui-edge"].pop("internal"),
                    "network gui-edge: edge trusts its addresses, so it must be internal: true")

    def test_an_invalid_subnet_is_reported(self):
        self.broken(lambda doc: doc["networks"]["gui-edge"]["ipam"]["config"][0].update(subnet="172.28.0.0/33"),
                    "network gui-edge: ")

    def test_a_trusted_entry_that_is_no_address_is_reported(self):
        self.broken(service("edge", lambda s: s["environment"].update(CLIENT_IP_TRUSTED_PROXIES="frontend")),
                    "edge: CLIENT_IP_TRUSTED_PROXIES entry 'frontend' is not an address or network")

    def test_a_trusted_range_outside_its_subnet_is_reported(self):
        def change(doc):
            doc["services"]["edge"]["environment"]["CLIENT_IP_TRUSTED_PROXIES"] = "172.29.0.8/29"
            doc["networks"]["gui-edge"]["ipam"]["config"][0]["ip_range"] = "172.29.0.8/29"
        self.broken(change, "network gui-edge: ip_range 172.29.0.8/29 must lie inside a fixed subnet")

    def test_another_service_on_the_trusted_network_is_reported(self):
        self.broken(service("todo-core", lambda s: s.update(networks=["backend", "gui-edge"])),
                    "network gui-edge: todo-core joins the network edge trusts for X-Forwarded-For")

    # --- images, secrets, .env.example ---
    def test_an_image_other_than_the_tests_is_reported(self):
        self.broken(service("mysql", lambda s: s.update(image="mysql:8.0")),
                    "mysql: image mysql:8.0 differs from the tests' mysql:8.4")

    def test_a_missing_test_images_file_is_reported(self):
        self.repo.remove(TEST_IMAGES)
        self.assertFinding("TestImages.java: missing")

    def test_a_test_image_constant_that_is_gone_is_reported(self):
        self.repo.edit(TEST_IMAGES, "REDIS =", "REDIS_IMAGE =")
        self.assertFinding("TestImages.java: constant REDIS not found")

    def test_a_secret_the_file_never_uses_is_reported(self):
        self.repo.edit(COMPOSE, "      JWT_SECRET: ${JWT_SECRET:?set JWT_SECRET in docker/.env (scripts/make-env.sh)}\n", "")
        self.assertFinding("JWT_SECRET is never referenced")

    def test_a_missing_example_is_reported(self):
        self.repo.remove("docker/.env.example")
        self.assertFinding("docker/.env.example: missing")

    def test_a_secret_without_required_marker_is_reported(self):
        self.repo.edit(COMPOSE, "JWT_SECRET: ${JWT_SECRET:?", "JWT_SECRET: ${JWT_SECRET:-dev}${UNUSED:?")
        self.assertFinding("JWT_SECRET referenced without ':?'")

    def test_a_literal_secret_is_reported(self):
        self.repo.edit(COMPOSE, "INTERNAL_TOKEN: ${INTERNAL_TOKEN:?set INTERNAL_TOKEN in docker/.env (scripts/make-env.sh)}\n    healthcheck",
                       "INTERNAL_TOKEN: not-a-secret\n    healthcheck")
        self.assertFinding("INTERNAL_TOKEN has a literal value in the compose file")

    def test_a_secret_with_a_value_in_the_example_is_reported(self):
        self.repo.edit("docker/.env.example", "JWT_SECRET=\n", "JWT_SECRET=changeme\n")
        self.assertFinding("docker/.env.example: JWT_SECRET has a value")

    def test_a_secret_missing_from_the_example_is_reported(self):
        self.repo.edit("docker/.env.example", "MYSQL_ROOT_PASSWORD=\n", "")
        self.assertFinding("docker/.env.example: MYSQL_ROOT_PASSWORD is not listed")

    def test_a_variable_missing_from_the_example_is_reported(self):
        self.repo.edit("docker/.env.example", "GUI_EDGE_IP_RANGE=172.28.0.8/29\n", "")
        self.assertFinding("docker/.env.example: GUI_EDGE_IP_RANGE is used by the compose file but not listed")

    def test_a_stale_variable_in_the_example_is_reported(self):
        self.repo.edit("docker/.env.example", "TAG=local\n", "TAG=local\nFRONTEND_IP=172.28.0.10\n")
        self.assertFinding("docker/.env.example: FRONTEND_IP is listed but the compose file does not use it")

    def test_an_example_default_other_than_the_compose_default_is_reported(self):
        self.repo.edit("docker/.env.example", "GUI_EDGE_SUBNET=172.28.0.0/28", "GUI_EDGE_SUBNET=172.29.0.0/28")
        self.assertFinding("docker/.env.example: GUI_EDGE_SUBNET=172.29.0.0/28 differs from the compose file's default")

    def test_two_defaults_for_one_variable_are_reported(self):
        self.repo.edit(COMPOSE, "CLIENT_IP_TRUSTED_PROXIES: ${GUI_EDGE_IP_RANGE:-172.28.0.8/29}",
                       "CLIENT_IP_TRUSTED_PROXIES: ${GUI_EDGE_IP_RANGE:-172.28.0.8/30}")
        self.assertFinding("${GUI_EDGE_IP_RANGE} has different defaults")

    @unittest.skipUnless(os.path.isfile(SCHEMA), "compose_spec.json not installed (scripts/check-delivery.sh fetches it)")
    def test_a_key_the_compose_schema_does_not_know_is_reported(self):
        self.repo.edit_yaml(COMPOSE, service("edge", lambda s: s.update(stop_grace="40s")))
        self.assertFinding("schema: services/edge", SCHEMA)


class ParserTests(unittest.TestCase):
    def test_durations_read_as_compose_and_spring_write_them(self):
        for text, expected in (("40s", 40), ("1m30s", 90), ("500ms", 0.5), ("PT20S", 20), ("20", 20), ("2h", 7200)):
            self.assertEqual(check_compose.seconds(text), expected, text)
        self.assertIsNone(check_compose.seconds("soon"))

    def test_sizes_read_as_mebibytes(self):
        for text, expected in (("96m", 96), ("1g", 1024), ("512k", 0.5), ("416M", 416), ("1024mb", 1024)):
            self.assertEqual(check_compose.mebibytes(text), expected, text)
        self.assertIsNone(check_compose.mebibytes("lots"))

    def test_interpolation_resolves_to_defaults(self):
        self.assertEqual(check_compose.resolve("${A:-x}/${B-y}/${C:?required}/${D}"), "x/y//")
        self.assertEqual(check_compose.defaults("${A:-x} ${A:-x} ${B-y} ${C:?m}"), {"A": {"x"}, "B": {"y"}})

    def test_spring_placeholders_take_the_service_environment_first(self):
        self.assertEqual(check_compose.placeholder("${SHUTDOWN_TIMEOUT:20s}", {}), "20s")
        self.assertEqual(check_compose.placeholder("${SHUTDOWN_TIMEOUT:20s}", {"SHUTDOWN_TIMEOUT": "${X:-45s}"}), "45s")


if __name__ == "__main__":
    unittest.main()
