-- Minimal Neovim (0.7+) config for tests/neovim.rs: attaches `privet lsp`
-- to the project in $PRIVET_ROOT, opens $PRIVET_FILE, waits for its
-- diagnostics and writes what Neovim received to $PRIVET_OUT as JSON.
local bin = os.getenv("PRIVET_BIN")
local root = os.getenv("PRIVET_ROOT")
local file = os.getenv("PRIVET_FILE")
local out = os.getenv("PRIVET_OUT")

local function finish(result)
  local handle = assert(io.open(out, "w"))
  handle:write(vim.fn.json_encode(result))
  handle:close()
  vim.cmd("qall!")
end

local client = vim.lsp.start_client({
  name = "privet",
  cmd = { bin, "lsp" },
  root_dir = root,
})
if not client then
  finish({ error = "privet lsp did not start" })
  return
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
vim.lsp.buf_attach_client(0, client)

local arrived = vim.wait(30000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
if not arrived then
  finish({ error = "no diagnostics arrived" })
  return
end

local received = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(received, {
    lnum = d.lnum,
    col = d.col,
    end_col = d.end_col,
    severity = d.severity,
    code = d.code,
    source = d.source,
    message = d.message,
  })
end

-- A clean shutdown: `shutdown`, then `exit`.
vim.lsp.stop_client(client)
vim.wait(5000, function()
  return vim.lsp.get_client_by_id(client) == nil
end, 50)
finish({ diagnostics = received })
