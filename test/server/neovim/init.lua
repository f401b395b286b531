-- Headless Neovim (0.7+) as an external LSP client of the built server: opens a file, waits for
-- the server's diagnostics and writes them as JSON to $STS_LENS_OUT, then quits.
local server = os.getenv('STS_LENS_SERVER')
local file = os.getenv('STS_LENS_FILE')
local out = os.getenv('STS_LENS_OUT')

local done = false
local function finish(payload)
  -- Callbacks may run in a luv loop where Vimscript functions are not allowed: do the work scheduled.
  vim.schedule(function()
    if done then return end
    done = true
    local encoded = vim.fn.json_encode(payload)
    local f = io.open(out, 'w')
    f:write(encoded)
    f:close()
    vim.cmd('qa!')
  end)
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()

local client_id = vim.lsp.start_client({
  name = 'sts-lens',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
  settings = { stsLens = { debounceMs = 0 } },
  -- `.aws/config` has no Neovim filetype of its own; tell the server which language it is.
  get_language_id = function() return 'aws-config' end,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, result)
      if result and #result.diagnostics > 0 then
        finish({ uri = result.uri, version = result.version, diagnostics = result.diagnostics })
      end
    end,
  },
  on_exit = function(code) finish({ error = 'server exited with code ' .. tostring(code) }) end,
})
if not client_id then finish({ error = 'vim.lsp.start_client failed' }) end
vim.lsp.buf_attach_client(bufnr, client_id)

vim.defer_fn(function() finish({ error = 'no diagnostics within 20 s' }) end, 20000)
