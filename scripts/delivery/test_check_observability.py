"""check_observability on the repository's observability configuration, and on copies broken one way each."""
import json
import os
import unittest

import check_observability
from findings import Findings
from fixture import ROOT, RepoCopy

DIRECTORY = "docker/observability"
DASHBOARD = f"{DIRECTORY}/grafana/dashboards/todo-platform.json"
ALERTS = f"{DIRECTORY}/alerts.yml"
PROMETHEUS = f"{DIRECTORY}/prometheus.yml"


def run_check(root):
    findings = Findings(root)
    check_observability.run(os.path.join(root, DIRECTORY), findings)
    return list(findings)


class MetricNamesTests(unittest.TestCase):
    def test_functions_labels_groupings_and_ranges_are_not_metrics(self):
        expr = ('histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket'
                '{application="edge", status=~"5.."}[$__rate_interval]))) / on (uri) max(up) > 0.5')
        self.assertEqual(check_observability.metric_names(expr), {"http_server_requests_seconds_bucket", "up"})


class RepositoryObservabilityTests(unittest.TestCase):
    def test_the_repository_configuration_has_no_findings(self):
        self.assertEqual(run_check(ROOT), [])


class BrokenObservabilityTests(unittest.TestCase):
    def setUp(self):
        self.repo = RepoCopy()
        self.addCleanup(self.repo.close)

    def edit_dashboard(self, change):
        dashboard = json.loads(self.repo.read(DASHBOARD))
        change(dashboard)
        self.repo.write(DASHBOARD, json.dumps(dashboard))

    def assert_finding(self, expected):
        found = run_check(self.repo.root)
        self.assertTrue(any(expected in f for f in found), f"no finding with {expected!r} in {found}")

    def first_panel(self, dashboard):
        return next(p for p in dashboard["panels"] if p["type"] != "row")

    def test_a_renamed_metric_in_a_dashboard_is_found(self):
        self.edit_dashboard(lambda d: self.first_panel(d)["targets"][0].update(
            expr='sum(rate(http_server_requests_total{application="edge"}[5m]))'))
        self.assert_finding("metric http_server_requests_total is not in the catalogue")

    def test_a_panel_without_a_query_is_found(self):
        self.edit_dashboard(lambda d: self.first_panel(d).update(targets=[]))
        self.assert_finding("no query")

    def test_an_unprovisioned_data_source_is_found(self):
        self.edit_dashboard(lambda d: self.first_panel(d).update(datasource={"uid": "elsewhere"}) or [
            t.pop("datasource", None) for t in self.first_panel(d)["targets"]])
        self.assert_finding("data source 'elsewhere' is not provisioned")

    def test_a_dashboard_that_is_not_json_is_found(self):
        self.repo.write(DASHBOARD, "{ not json")
        self.assert_finding("not valid JSON")

    def test_an_alert_on_an_unknown_metric_or_without_for_is_found(self):
        self.repo.edit_yaml(ALERTS, lambda doc: doc["groups"][0]["rules"][1].update(
            expr="rate(edge_errors_total[5m]) > 0", **{"for": None}))
        self.assert_finding("metric edge_errors_total is not in the catalogue")
        self.assert_finding("no `for`")

    def test_a_scrape_job_off_the_management_port_is_found(self):
        self.repo.edit_yaml(PROMETHEUS, lambda doc: self.job(doc, "edge")["dns_sd_configs"][0].update(port=8080))
        self.assert_finding("does not scrape edge:8180")

    def job(self, doc, name):
        return next(j for j in doc["scrape_configs"] if j["job_name"] == name)

    def test_a_missing_scrape_job_is_found(self):
        self.repo.edit_yaml(PROMETHEUS, lambda doc: doc["scrape_configs"].remove(self.job(doc, "notifier")))
        self.assert_finding("no scrape job notifier")

    def test_a_scrape_job_on_another_metrics_path_is_found(self):
        self.repo.edit_yaml(PROMETHEUS, lambda doc: self.job(doc, "todo-core").update(metrics_path="/metrics"))
        self.assert_finding("job todo-core: metrics_path is not /actuator/prometheus")

    def test_alert_rules_prometheus_does_not_load_are_found(self):
        self.repo.edit_yaml(PROMETHEUS, lambda doc: doc.update(rule_files=[]))
        self.assert_finding("alerts.yml is not a rule file")

    def test_a_recording_rule_or_an_alert_without_summary_is_found(self):
        def change(doc):
            rules = doc["groups"][0]["rules"]
            rules[0]["annotations"].pop("summary")
            rules.append({"record": "job:requests:rate5m", "expr": "sum(up)", "for": "1m",
                          "annotations": {"summary": "x"}})
        self.repo.edit_yaml(ALERTS, change)
        self.assert_finding("no summary annotation")
        self.assert_finding("not an alert (recording rules have no place here)")

    def test_a_file_without_alert_rules_is_found(self):
        self.repo.edit_yaml(ALERTS, lambda doc: doc.update(groups=[]))
        self.assert_finding("no alert rules")


if __name__ == "__main__":
    unittest.main()
