"""Tests of failures.py: the summary a failed build ends with, from report files like Surefire's."""
import pathlib
import tempfile
import unittest

import failures as report

CONTEXT_FAILURE = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="dev.todolist.todo.outbox.NotifierReturnTests" tests="1" errors="1" failures="0">
  <testcase name="aChangeIsPublished" classname="dev.todolist.todo.outbox.NotifierReturnTests" time="0.01">
    <error message="Failed to load ApplicationContext for [ReactiveWebMergedContextConfiguration@1 ...]"
        type="java.lang.IllegalStateException"><![CDATA[java.lang.IllegalStateException: Failed to load ApplicationContext
\tat org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate.loadContext(X.java:1)
\tat org.junit.Something.run(Y.java:2)
Caused by: java.lang.ExceptionInInitializerError
\tat dev.todolist.todo.outbox.NotifierReturnTests.properties(NotifierReturnTests.java:61)
\t... 12 more
Caused by: java.io.UncheckedIOException: java.net.BindException: Address already in use
\tat dev.todolist.todo.outbox.FakeNotifier.start(FakeNotifier.java:125)
\t... 3 more
Caused by: java.net.BindException: Address already in use
\tat java.base/sun.nio.ch.Net.bind0(Native Method)
]]></error>
    <system-out><![CDATA[a lot of log]]></system-out>
  </testcase>
</testsuite>
"""

ASSERTION = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="dev.todolist.edge.AuthTests" tests="2" errors="0" failures="1">
  <testcase name="passes" classname="dev.todolist.edge.AuthTests" time="0.1"/>
  <testcase name="logsOut" classname="dev.todolist.edge.AuthTests" time="0.2">
    <failure message="expected: 204&#10;but was: 401" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: 204
but was: 401
\tat dev.todolist.edge.AuthTests.logsOut(AuthTests.java:40)
]]></failure>
  </testcase>
</testsuite>
"""

PASSED = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="dev.todolist.edge.HealthTests" tests="1" errors="0" failures="0">
  <testcase name="answers" classname="dev.todolist.edge.HealthTests" time="0.1"/>
</testsuite>
"""


class SummaryTests(unittest.TestCase):

    def setUp(self):
        self.root = pathlib.Path(tempfile.mkdtemp())

    def write(self, module, kind, name, text):
        directory = self.root / module / "target" / kind
        directory.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")

    def test_a_context_failure_is_told_by_each_of_its_causes(self):
        self.write("todo-core", "surefire-reports", "TEST-dev.todolist.todo.outbox.NotifierReturnTests.xml",
                   CONTEXT_FAILURE)
        lines = report.summary(self.root)
        self.assertEqual(lines, [
            "todo-core NotifierReturnTests.aChangeIsPublished: java.lang.IllegalStateException: "
            "Failed to load ApplicationContext",
            "  caused by java.lang.ExceptionInInitializerError",
            "    at dev.todolist.todo.outbox.NotifierReturnTests.properties(NotifierReturnTests.java:61)",
            "  caused by java.io.UncheckedIOException: java.net.BindException: Address already in use",
            "    at dev.todolist.todo.outbox.FakeNotifier.start(FakeNotifier.java:125)",
            "  caused by java.net.BindException: Address already in use",
            "    at java.base/sun.nio.ch.Net.bind0(Native Method)",
        ])

    def test_an_assertion_keeps_its_message_lines_and_passed_tests_say_nothing(self):
        self.write("edge", "failsafe-reports", "TEST-dev.todolist.edge.AuthTests.xml", ASSERTION)
        self.write("edge", "surefire-reports", "TEST-dev.todolist.edge.HealthTests.xml", PASSED)
        lines = report.summary(self.root)
        self.assertEqual(lines, [
            "edge AuthTests.logsOut: org.opentest4j.AssertionFailedError: expected: 204",
            "  but was: 401",
            "    at dev.todolist.edge.AuthTests.logsOut(AuthTests.java:40)",
        ])

    def test_tests_that_failed_alike_share_one_entry_and_long_lines_are_cut(self):
        skipped = ("java.lang.IllegalStateException: ApplicationContext failure threshold (1) exceeded: skipping "
                   "repeated attempt to load context for [" + "x" * 400 + "]")
        cases = "".join(
            f'''<testcase name="t{i}" classname="a.b.TaskTests"><error type="java.lang.IllegalStateException"
                message="m"><![CDATA[{skipped}
\tat org.springframework.Delegate.loadContext(Delegate.java:157)
]]></error></testcase>''' for i in range(4))
        self.write("todo-core", "surefire-reports", "TEST-a.b.TaskTests.xml",
                   f'<?xml version="1.0"?><testsuite name="a.b.TaskTests">{cases}</testsuite>')
        lines = report.summary(self.root)
        self.assertEqual(len(lines), 2, lines)
        self.assertTrue(lines[0].startswith("todo-core TaskTests.t0, t1 and 2 more: java.lang.IllegalStateException: "
                                            "ApplicationContext failure threshold (1) exceeded"), lines[0])
        self.assertEqual(len(lines[0]), report.LINE_LENGTH)
        self.assertTrue(lines[0].endswith("xx…"), lines[0])
        self.assertEqual(lines[1], "    at org.springframework.Delegate.loadContext(Delegate.java:157)")

    def test_nothing_failed_nothing_said(self):
        self.write("edge", "surefire-reports", "TEST-dev.todolist.edge.HealthTests.xml", PASSED)
        self.assertEqual(report.summary(self.root), [])

    def test_an_unreadable_report_is_named_not_fatal(self):
        self.write("edge", "surefire-reports", "TEST-broken.xml", "<testsuite")
        lines = report.summary(self.root)
        self.assertEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith("edge TEST-broken.xml: unreadable report"), lines[0])


if __name__ == "__main__":
    unittest.main()
