// Unit tests of executable resolution (node --test); no VS Code needed.
import assert from "node:assert/strict";
import { test } from "node:test";

import { looksLikeTemplate, notFoundMessage, resolveCommand, scriptsDirectory, serverArguments } from "../resolve";

const linux = (files: string[], overrides: Partial<Parameters<typeof resolveCommand>[0]> = {}) =>
  resolveCommand({
    configured: "",
    interpreter: undefined,
    searchPath: "/usr/local/bin:/usr/bin",
    platform: "linux",
    exists: (file) => files.includes(file),
    ...overrides,
  });

test("the setting wins over the environment and PATH", () => {
  const files = ["/opt/zl/bin/zeroetl-lint", "/venv/bin/zeroetl-lint", "/usr/bin/zeroetl-lint"];
  assert.deepEqual(linux(files, { configured: "/opt/zl/bin/zeroetl-lint", interpreter: "/venv/bin/python" }),
    { command: "/opt/zl/bin/zeroetl-lint", source: "setting" });
});

test("a setting that does not exist is not silently replaced", () => {
  assert.equal(linux(["/usr/bin/zeroetl-lint"], { configured: "/missing/zeroetl-lint" }), undefined);
  assert.match(notFoundMessage("/missing/zeroetl-lint"), /\/missing\/zeroetl-lint\) does not exist/);
});

test("a bare name in the setting is looked up on PATH", () => {
  assert.deepEqual(linux(["/usr/bin/my-zeroetl"], { configured: "my-zeroetl" }),
    { command: "/usr/bin/my-zeroetl", source: "setting" });
});

test("the selected Python environment comes before PATH", () => {
  assert.deepEqual(linux(["/venv/bin/zeroetl-lint", "/usr/bin/zeroetl-lint"], { interpreter: "/venv/bin/python" }),
    { command: "/venv/bin/zeroetl-lint", source: "python environment" });
});

test("PATH is searched in order when the environment lacks it", () => {
  assert.deepEqual(linux(["/usr/local/bin/zeroetl-lint", "/usr/bin/zeroetl-lint"], { interpreter: "/venv/bin/python" }),
    { command: "/usr/local/bin/zeroetl-lint", source: "PATH" });
  assert.equal(linux([]), undefined);
  assert.match(notFoundMessage(""), /pip install 'zeroetl-lint\[server\]'/);
});

test("Windows environments keep scripts in Scripts\\", () => {
  assert.equal(scriptsDirectory("C:\\proj\\.venv\\Scripts\\python.exe", "win32"), "C:\\proj\\.venv\\Scripts");
  assert.equal(scriptsDirectory("C:\\Python311\\python.exe", "win32"), "C:\\Python311\\Scripts");
  const found = resolveCommand({
    configured: "",
    interpreter: "C:\\proj\\.venv\\Scripts\\python.exe",
    searchPath: "C:\\Windows",
    platform: "win32",
    exists: (file) => file === "C:\\proj\\.venv\\Scripts\\zeroetl-lint.exe",
  });
  assert.deepEqual(found, { command: "C:\\proj\\.venv\\Scripts\\zeroetl-lint.exe", source: "python environment" });
});

test("the server is started with the server command and the debounce", () => {
  assert.deepEqual(serverArguments(50), ["server", "--debounce", "50"]);
  assert.deepEqual(serverArguments(-3), ["server", "--debounce", "0"]);
});

test("templates are recognised by their top-level keys", () => {
  assert.ok(looksLikeTemplate("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"));
  assert.ok(looksLikeTemplate('{\n  "Resources": {"A": {"Type": "AWS::S3::Bucket"}}\n}'));
  assert.ok(!looksLikeTemplate("name: ci\non: push\njobs: {}\n"));
});
