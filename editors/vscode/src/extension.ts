// The VS Code extension: find zeroetl-lint, start `zeroetl-lint server`, and let it lint the workspace.
import * as fs from "node:fs";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

import { looksLikeTemplate, notFoundMessage, resolveCommand, serverArguments } from "./resolve";

let client: LanguageClient | undefined;
const output = vscode.window.createOutputChannel("zeroetl-lint", { log: true });

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

async function selectedInterpreter(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const python = vscode.extensions.getExtension("ms-python.python");
  if (python === undefined) {
    return undefined;
  }
  try {
    const api = python.isActive ? python.exports : await python.activate();
    const environment = api?.environments?.getActiveEnvironmentPath?.(resource);
    return typeof environment?.path === "string" ? environment.path : undefined;
  } catch (error) {
    output.appendLine(`could not ask the Python extension for the selected environment: ${String(error)}`);
    return undefined;
  }
}

async function workspaceHasTemplates(): Promise<boolean> {
  const files = await vscode.workspace.findFiles("**/*.{yaml,yml,json,template}", "**/node_modules/**", 200);
  for (const file of files) {
    try {
      const head = Buffer.from(await vscode.workspace.fs.readFile(file)).subarray(0, 65536).toString("utf8");
      if (looksLikeTemplate(head)) {
        return true;
      }
    } catch {
      // Unreadable files are no templates.
    }
  }
  return false;
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const settings = vscode.workspace.getConfiguration("zeroetl-lint");
  const configured = settings.get<string>("path", "");
  const resolved = resolveCommand({
    configured,
    interpreter: await selectedInterpreter(vscode.workspace.workspaceFolders?.[0]?.uri),
    searchPath: process.env.PATH,
    platform: process.platform,
    exists: isExecutable,
  });
  if (resolved === undefined) {
    const message = notFoundMessage(configured);
    output.appendLine(message);
    void vscode.window.showWarningMessage(message);
    return;
  }
  output.appendLine(`starting ${resolved.command} server (found via ${resolved.source})`);
  const serverOptions: ServerOptions = { command: resolved.command, args: serverArguments(settings.get<number>("debounce", 50)) };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "yaml" },
      { scheme: "file", language: "json" },
      { scheme: "file", language: "sql" },
      { scheme: "file", pattern: "**/*.{template,filter}" },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher(
        "**/{*.yaml,*.yml,*.json,*.template,*.sql,*.filter,pyproject.toml,.zeroetl-lint.toml,.gitignore}"),
    },
    outputChannel: output,
  };
  client = new LanguageClient("zeroetl-lint", "zeroetl-lint", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(vscode.commands.registerCommand("zeroetl-lint.restart", async () => {
    await client?.stop();
    client = undefined;
    await start(context);
  }));
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (event.affectsConfiguration("zeroetl-lint")) {
      await vscode.commands.executeCommand("zeroetl-lint.restart");
    }
  }));
  // YAML, JSON and SQL files are everywhere; only workspaces that hold templates get a server.
  if (await workspaceHasTemplates()) {
    await start(context);
  } else {
    output.appendLine("no CloudFormation template in this workspace; zeroetl-lint stays idle (run the restart command to start it)");
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
