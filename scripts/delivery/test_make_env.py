"""scripts/make-env.sh, run for real on temporary files."""
import os
import re
import shutil
import stat
import subprocess
import tempfile
import unittest

from fixture import ROOT

SCRIPT = os.path.join(ROOT, "scripts", "make-env.sh")
EXAMPLE = os.path.join(ROOT, "docker", ".env.example")
SECRETS = ("JWT_SECRET", "INTERNAL_TOKEN", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD")


def values(text):
    return dict(re.findall(r"^([A-Z_][A-Z0-9_]*)=(.*)$", text, re.M))


class MakeEnvTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="make-env-")
        self.addCleanup(shutil.rmtree, self.dir)
        self.env_file = os.path.join(self.dir, ".env")
        self.example = os.path.join(self.dir, ".env.example")
        shutil.copy(EXAMPLE, self.example)

    def run_script(self, *args):
        return subprocess.run([SCRIPT, *args], env={**os.environ, "ENV_EXAMPLE": self.example, "ENV_FILE": self.env_file},
                              capture_output=True, text=True, timeout=30)

    def read(self, path=None):
        with open(path or self.env_file, encoding="utf-8") as f:
            return f.read()

    def test_writes_the_example_with_four_generated_secrets(self):
        result = self.run_script()
        self.assertEqual(result.returncode, 0, result.stderr)
        written, example = values(self.read()), values(self.read(self.example))
        for name in SECRETS:
            self.assertRegex(written[name], r"^[0-9a-f]{64}$", name)
        self.assertEqual(len({written[name] for name in SECRETS}), 4, "each secret is its own")
        self.assertEqual({k: v for k, v in written.items() if k not in SECRETS},
                         {k: v for k, v in example.items() if k not in SECRETS}, "every setting as the example has it")
        self.assertEqual(len(self.read().splitlines()), len(self.read(self.example).splitlines()), "comments kept")

    def test_the_file_is_readable_by_its_owner_only(self):
        self.run_script()
        self.assertEqual(stat.S_IMODE(os.stat(self.env_file).st_mode), 0o600)

    def test_never_prints_a_secret(self):
        result = self.run_script()
        for name in SECRETS:
            self.assertNotIn(values(self.read())[name], result.stdout + result.stderr)

    def test_keeps_an_existing_file(self):
        with open(self.env_file, "w") as f:
            f.write("JWT_SECRET=mine\n")
        result = self.run_script()
        self.assertEqual(result.returncode, 1)
        self.assertIn("exists: kept as it is", result.stderr)
        self.assertEqual(self.read(), "JWT_SECRET=mine\n")

    def test_replaces_an_existing_file_when_forced(self):
        with open(self.env_file, "w") as f:
            f.write("JWT_SECRET=mine\n")
        result = self.run_script("--force")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(values(self.read())["JWT_SECRET"], r"^[0-9a-f]{64}$")

    def test_two_runs_generate_different_secrets(self):
        self.run_script()
        first = values(self.read())
        self.run_script("--force")
        self.assertNotEqual(first["JWT_SECRET"], values(self.read())["JWT_SECRET"])

    def test_refuses_an_example_without_a_secret_line(self):
        with open(self.example, "w") as f:
            f.write("JWT_SECRET=\nINTERNAL_TOKEN=\nMYSQL_PASSWORD=\n")
        result = self.run_script()
        self.assertEqual(result.returncode, 1)
        self.assertIn("has no MYSQL_ROOT_PASSWORD= line", result.stderr)
        self.assertFalse(os.path.exists(self.env_file))

    def test_refuses_unknown_arguments(self):
        self.assertEqual(self.run_script("--overwrite").returncode, 2)
        self.assertFalse(os.path.exists(self.env_file))


if __name__ == "__main__":
    unittest.main()
