// Which zeroetl-lint executable to start: pure logic, no `vscode` import, so node's test runner can test it.
import * as path from "node:path";

export interface Inputs {
  /** The `zeroetl-lint.path` setting; empty when unset. */
  configured: string;
  /** The interpreter of the Python environment selected in VS Code (ms-python.python), if any. */
  interpreter: string | undefined;
  /** The PATH environment variable. */
  searchPath: string | undefined;
  platform: NodeJS.Platform;
  /** Whether a file exists and can be run. */
  exists: (file: string) => boolean;
}

export interface Resolved {
  command: string;
  /** Where it was found, for the output channel: "setting", "python environment" or "PATH". */
  source: "setting" | "python environment" | "PATH";
}

function executableNames(platform: NodeJS.Platform): string[] {
  return platform === "win32" ? ["zeroetl-lint.exe", "zeroetl-lint.cmd", "zeroetl-lint"] : ["zeroetl-lint"];
}

/** The scripts directory of a virtual environment or Python installation, given its interpreter. */
export function scriptsDirectory(interpreter: string, platform: NodeJS.Platform): string {
  const join = platform === "win32" ? path.win32.join : path.posix.join;
  const dirname = platform === "win32" ? path.win32.dirname : path.posix.dirname;
  const directory = dirname(interpreter);
  // A Windows venv keeps python.exe in Scripts\ already; a base install keeps it beside Scripts\.
  if (platform === "win32" && !/[\\/]scripts$/i.test(directory)) {
    return join(directory, "Scripts");
  }
  return directory;
}

/**
 * The executable: the setting if given (a bare name is looked up on PATH), else the one installed in the
 * selected Python environment, else the first on PATH. Undefined when none exists.
 */
export function resolveCommand(inputs: Inputs): Resolved | undefined {
  const { configured, interpreter, searchPath, platform, exists } = inputs;
  const join = platform === "win32" ? path.win32.join : path.posix.join;
  const separator = platform === "win32" ? ";" : ":";
  const onPath = (names: string[]): string | undefined => {
    for (const directory of (searchPath ?? "").split(separator).filter((entry) => entry.length > 0)) {
      for (const name of names) {
        const candidate = join(directory, name);
        if (exists(candidate)) {
          return candidate;
        }
      }
    }
    return undefined;
  };
  const setting = configured.trim();
  if (setting.length > 0) {
    if (!setting.includes("/") && !setting.includes("\\")) {
      const found = onPath(platform === "win32" && !/\.\w+$/.test(setting) ? [`${setting}.exe`, setting] : [setting]);
      return found === undefined ? undefined : { command: found, source: "setting" };
    }
    return exists(setting) ? { command: setting, source: "setting" } : undefined;
  }
  if (interpreter !== undefined && interpreter.length > 0) {
    const directory = scriptsDirectory(interpreter, platform);
    for (const name of executableNames(platform)) {
      const candidate = join(directory, name);
      if (exists(candidate)) {
        return { command: candidate, source: "python environment" };
      }
    }
  }
  const found = onPath(executableNames(platform));
  return found === undefined ? undefined : { command: found, source: "PATH" };
}

/** The arguments that start the language server. */
export function serverArguments(debounce: number): string[] {
  return ["server", "--debounce", String(Math.max(0, Math.round(debounce)))];
}

/** Whether a file's text looks like a CloudFormation template (what makes a workspace worth linting). */
export function looksLikeTemplate(text: string): boolean {
  return /^\s*"?AWSTemplateFormatVersion"?\s*:/m.test(text) || /^\s*"?Resources"?\s*:/m.test(text);
}

/** The message shown when no executable is found. */
export function notFoundMessage(configured: string): string {
  if (configured.trim().length > 0) {
    return `zeroetl-lint: the executable set in zeroetl-lint.path (${configured}) does not exist.`;
  }
  return "zeroetl-lint: no zeroetl-lint executable in the selected Python environment or on PATH. "
    + "Install it there with `pip install 'zeroetl-lint[server]'`, or set zeroetl-lint.path.";
}
