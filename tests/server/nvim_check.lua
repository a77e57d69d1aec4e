-- Headless Neovim (0.7+) as a real LSP client: attach `zeroetl-lint server`, make an unsaved edit that
-- breaks rds.logical_replication, wait for the diagnostic, write what Neovim shows to ZE_OUT.
local cmd = vim.fn.json_decode(os.getenv("ZE_CMD"))
local root = os.getenv("ZE_ROOT")
local out = io.open(os.getenv("ZE_OUT"), "w")

vim.cmd("edit " .. vim.fn.fnameescape(root .. "/aurora-postgresql.yaml"))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "zeroetl-lint",
  cmd = cmd,
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = "deployment" } },
})
vim.lsp.buf_attach_client(buf, client_id)

local function code(diagnostic)
  return diagnostic.code or (diagnostic.user_data and diagnostic.user_data.lsp and diagnostic.user_data.lsp.code)
end

local function has(wanted)
  for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
    if code(diagnostic) == wanted then
      return true
    end
  end
  return false
end

local line = vim.api.nvim_buf_get_lines(buf, 136, 137, false)[1]
vim.api.nvim_buf_set_lines(buf, 136, 137, false, { (line:gsub("rds.logical_replication: 1", "rds.logical_replication: 0")) })
local found = vim.wait(60000, function() return has("ZE202") end, 50)
for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
  out:write(string.format("%s %d:%d-%d:%d %s\n", code(diagnostic), diagnostic.lnum, diagnostic.col,
    diagnostic.end_lnum, diagnostic.end_col, (diagnostic.message:gsub("\n.*", ""))))
end
-- Undo the edit: the diagnostic must go away again.
vim.api.nvim_buf_set_lines(buf, 136, 137, false, { line })
local cleared = found and vim.wait(60000, function() return not has("ZE202") end, 50)
out:write(string.format("modified=%s found=%s cleared=%s\n", tostring(vim.bo[buf].modified), tostring(found), tostring(cleared)))
out:close()
vim.lsp.stop_client(client_id)
vim.cmd("qa!")
