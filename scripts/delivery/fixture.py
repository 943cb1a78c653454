"""Test support: a copy of the repository in which some files are replaced (a broken copy), without copying it.

`RepoCopy` mirrors the repository with symbolic links and gives the files a test replaces real content, so a
check run on the copy sees the repository as it is except for what the test broke, with every relative path (build
contexts, modules) still pointing where it should."""
import os
import shutil
import tempfile

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class RepoCopy:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="delivery-check-")
        for name in os.listdir(ROOT):
            os.symlink(os.path.join(ROOT, name), os.path.join(self.root, name))

    def path(self, rel):
        return os.path.join(self.root, rel)

    def _materialise(self, rel):
        """Turns every symbolic link on the way to `rel` into a real directory of links, so `rel` can be written."""
        parts = rel.split("/")
        here, there = self.root, ROOT
        for part in parts[:-1]:
            here, there = os.path.join(here, part), os.path.join(there, part)
            if os.path.islink(here):
                os.unlink(here)
                os.mkdir(here)
                for name in os.listdir(there):
                    os.symlink(os.path.join(there, name), os.path.join(here, name))
            elif not os.path.exists(here):
                os.mkdir(here)
        target = os.path.join(here, parts[-1])
        if os.path.islink(target):
            os.unlink(target)
        return target

    def write(self, rel, text):
        with open(self._materialise(rel), "w", encoding="utf-8") as f:
            f.write(text)
        return self.path(rel)

    def remove(self, rel):
        self._materialise(rel)

    def read(self, rel):
        with open(self.path(rel), encoding="utf-8") as f:
            return f.read()

    def edit(self, rel, old, new):
        """Replaces `old` (which must occur) by `new` in a copy of the file."""
        text = self.read(rel)
        if old not in text:
            raise AssertionError(f"{old!r} not in {rel}")
        return self.write(rel, text.replace(old, new))

    def edit_yaml(self, rel, change):
        """Loads the YAML file, lets `change(doc)` alter it, writes it back (comments and anchors are lost)."""
        doc = yaml.safe_load(self.read(rel))
        change(doc)
        return self.write(rel, yaml.safe_dump(doc, sort_keys=False))

    def close(self):
        shutil.rmtree(self.root)
