"""Unit tests of scale_check.py's verdicts: each one must be able to fail."""
import unittest

from scale_check import compare_feed, failover_verdict, hung_verdict, parse_sse, refresh_cookie, retry_after


def created(notification_id, task_id):
    return {"id": f"{notification_id:016d}", "type": "task.created", "task_id": task_id}


class CompareFeedTests(unittest.TestCase):

    def test_the_feed_of_exactly_the_committed_changes_in_order_passes(self):
        feed = [created(3, 12), created(2, 11), created(1, 10)]  # newest first
        self.assertEqual(compare_feed([10, 11, 12], feed), [])

    def test_a_lost_change_is_reported(self):
        problems = compare_feed([10, 11, 12], [created(2, 11), created(1, 10)])
        self.assertEqual(len(problems), 1)
        self.assertIn("missing", problems[0])

    def test_a_change_announced_twice_is_reported(self):
        problems = compare_feed([10, 11], [created(3, 11), created(2, 11), created(1, 10)])
        self.assertTrue(any("twice" in p for p in problems))

    def test_a_notification_id_seen_twice_is_reported(self):
        problems = compare_feed([10], [created(1, 10), created(1, 10)])
        self.assertTrue(any("notification id appears twice" in p for p in problems))

    def test_a_notification_for_a_task_that_never_committed_is_reported(self):
        problems = compare_feed([10], [created(2, 99), created(1, 10)])
        self.assertTrue(any("do not exist" in p for p in problems))

    def test_an_order_other_than_commit_order_is_reported(self):
        problems = compare_feed([10, 11], [created(2, 10), created(1, 11)])
        self.assertTrue(any("order" in p for p in problems))


class ParseSseTests(unittest.TestCase):

    def test_events_are_split_on_blank_lines_and_comments_skipped(self):
        lines = [":open\n", "\n", "id: 0001\n", "event: task.created\n", "data: {\"a\":1}\n", "\n",
                 ": heartbeat\n", "event: session_ended\n", "data: {}\n", "\n"]
        events = list(parse_sse(lines))
        self.assertEqual(events, [{"id": "0001", "event": "task.created", "data": "{\"a\":1}"},
                                  {"event": "session_ended", "data": "{}"}])

    def test_data_lines_join_with_newlines(self):
        self.assertEqual(list(parse_sse(["data: a\n", "data: b\n", "\n"])), [{"data": "a\nb"}])


class FailoverVerdictTests(unittest.TestCase):

    def test_failures_while_the_balancer_notices_are_allowed(self):
        results = [(10.0, "GET", 200), (10.5, "POST", 502), (11.0, "GET", None), (16.0, "GET", 200), (16.5, "POST", 201)]
        self.assertEqual(failover_verdict(results, killed_at=10.0, settle_seconds=5), [])

    def test_a_failure_after_the_settling_time_is_reported(self):
        results = [(15.5, "GET", 502), (16.0, "POST", 201), (16.5, "GET", 200)]
        self.assertEqual(len(failover_verdict(results, killed_at=10.0, settle_seconds=5)), 1)

    def test_no_answer_at_all_counts_as_a_failure(self):
        results = [(20.0, "GET", None), (20.5, "GET", 200)]
        self.assertEqual(len(failover_verdict(results, killed_at=10.0, settle_seconds=5)), 1)

    def test_client_errors_are_answers_not_failures(self):
        results = [(20.0, "GET", 404), (20.5, "GET", 200)]
        self.assertEqual(failover_verdict(results, killed_at=10.0, settle_seconds=5), [])

    def test_a_method_with_no_success_after_the_settling_time_is_reported(self):
        # the workers stuck, or nothing started after the settling time: nothing shows the platform recovered
        results = [(9.0, "GET", 200), (9.5, "POST", 201), (16.0, "GET", 200)]
        problems = failover_verdict(results, killed_at=10.0, settle_seconds=5)
        self.assertEqual(problems, ["no POST was answered 2xx more than 5s after the kill"])
        self.assertEqual(len(failover_verdict(results[:2], killed_at=10.0, settle_seconds=5)), 2)


class RetryAfterTests(unittest.TestCase):

    def test_a_503_with_retry_after_is_repeated_after_it(self):
        self.assertEqual(retry_after(503, [("Content-Type", "application/problem+json"), ("Retry-After", "1")]), 1)

    def test_a_503_without_retry_after_is_not_repeated(self):
        self.assertIsNone(retry_after(503, [("Content-Type", "application/problem+json")]))

    def test_other_answers_are_not_repeated(self):
        self.assertIsNone(retry_after(502, [("Retry-After", "1")]))
        self.assertIsNone(retry_after(201, []))


class RefreshCookieTests(unittest.TestCase):

    def test_the_refresh_cookie_value_is_taken(self):
        headers = [("Content-Type", "application/json"),
                   ("Set-Cookie", "refresh_token=abc; Max-Age=604800; Path=/auth; HttpOnly; SameSite=Lax")]
        self.assertEqual(refresh_cookie(headers), "abc")

    def test_a_cleared_cookie_is_none(self):
        self.assertIsNone(refresh_cookie([("set-cookie", "refresh_token=; Max-Age=0; Path=/auth")]))
        self.assertIsNone(refresh_cookie([]))


if __name__ == "__main__":
    unittest.main()


class HungVerdictTests(unittest.TestCase):

    def test_answers_within_their_bounds_pass(self):
        self.assertEqual(hung_verdict([(0.1, 200), (30.1, 200)], [(0.05, 200)], 45, 2), [])

    def test_a_failed_answer_is_reported(self):
        problems = hung_verdict([(30.0, 502)], [(0.1, None)], 45, 2)
        self.assertEqual(len(problems), 2)
        self.assertIn("502", problems[0])

    def test_an_in_flight_request_past_its_bound_is_reported(self):
        self.assertIn("took 60.0s", hung_verdict([(60.0, 200)], [], 45, 2)[0])

    def test_a_later_request_that_waited_is_reported(self):
        self.assertIn("still gets requests", hung_verdict([], [(0.1, 200), (30.0, 200)], 45, 2)[0])
