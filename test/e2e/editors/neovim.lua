-- Neovim e2e check (0.7+, built-in LSP client): GrantCheck's server, started from the unpacked .vsix,
-- reports iam/json-syntax on a broken policy and its quick fix inserts the missing comma, then
-- reports redshift/password-policy on a grants script.
-- Inputs (environment): GRANTCHECK_SERVER (dist/server.js), GRANTCHECK_FILE (policy to open),
-- GRANTCHECK_EXPECTED (file holding the text expected after the fix), GRANTCHECK_SQL_FILE (grants script).

local server = assert(os.getenv('GRANTCHECK_SERVER'), 'GRANTCHECK_SERVER is not set')
local file = assert(os.getenv('GRANTCHECK_FILE'), 'GRANTCHECK_FILE is not set')
local expected_file = assert(os.getenv('GRANTCHECK_EXPECTED'), 'GRANTCHECK_EXPECTED is not set')
local sql_file = assert(os.getenv('GRANTCHECK_SQL_FILE'), 'GRANTCHECK_SQL_FILE is not set')
local TIMEOUT_MS = 15000

local function fail(message)
  io.stderr:write('neovim e2e: FAIL: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local function say(message)
  io.stdout:write('neovim e2e: ' .. message .. '\n')
end

local function read_all(path)
  local handle = assert(io.open(path, 'rb'))
  local text = handle:read('*a')
  handle:close()
  return text
end

local function syntax_diagnostics(buf)
  return vim.tbl_filter(function(d)
    return d.source == 'grantcheck' and d.code == 'iam/json-syntax'
  end, vim.diagnostic.get(buf))
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  -- `-u NONE` turns filetype detection off; the languageId Neovim sends is the filetype.
  vim.bo[buf].filetype = 'json'

  local client_id = vim.lsp.start_client({
    name = 'grantcheck',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
  })
  if not client_id then return fail('vim.lsp.start_client returned nil') end
  vim.lsp.buf_attach_client(buf, client_id)

  if not vim.wait(TIMEOUT_MS, function() return #syntax_diagnostics(buf) > 0 end, 50) then
    return fail('no iam/json-syntax diagnostic within ' .. TIMEOUT_MS .. ' ms; got ' .. vim.inspect(vim.diagnostic.get(buf)))
  end
  local diagnostic = syntax_diagnostics(buf)[1]
  say(string.format('diagnostic %d:%d %s %s', diagnostic.lnum + 1, diagnostic.col + 1, diagnostic.code, diagnostic.message))
  if diagnostic.severity ~= vim.diagnostic.severity.ERROR then return fail('iam/json-syntax is not an error') end

  -- What vim.lsp.buf.code_action() sends: the range and the LSP diagnostics (with their `data`) under it.
  local lsp_diagnostic = vim.tbl_extend('keep', {
    range = {
      start = { line = diagnostic.lnum, character = diagnostic.col },
      ['end'] = { line = diagnostic.end_lnum, character = diagnostic.end_col },
    },
    severity = 1,
    message = diagnostic.message,
    source = diagnostic.source,
    code = diagnostic.code,
  }, diagnostic.user_data and diagnostic.user_data.lsp or {})
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic }, only = { 'quickfix' } },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, TIMEOUT_MS)
  local action
  for _, response in pairs(responses or {}) do
    for _, candidate in ipairs(response.result or {}) do
      if candidate.title == 'Insert the missing comma' then action = candidate end
    end
  end
  if not action then return fail('no "Insert the missing comma" code action; got ' .. vim.inspect(responses)) end
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')

  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, true), '\n') .. '\n'
  if text ~= read_all(expected_file) then return fail('buffer after the quick fix differs from the expected text:\n' .. text) end
  say('quick fix applied: ' .. action.title)

  if not vim.wait(TIMEOUT_MS, function() return #syntax_diagnostics(buf) == 0 end, 50) then
    return fail('iam/json-syntax still reported after the fix: ' .. vim.inspect(syntax_diagnostics(buf)))
  end
  say('diagnostic cleared after the fix')

  -- The same server lints SQL buffers (languageId "sql"): a too-weak Redshift password.
  vim.cmd('edit ' .. vim.fn.fnameescape(sql_file))
  local sql_buf = vim.api.nvim_get_current_buf()
  vim.bo[sql_buf].filetype = 'sql'
  vim.lsp.buf_attach_client(sql_buf, client_id)
  local function password_findings()
    return vim.tbl_filter(function(d) return d.code == 'redshift/password-policy' end, vim.diagnostic.get(sql_buf))
  end
  if not vim.wait(TIMEOUT_MS, function() return #password_findings() > 0 end, 50) then
    return fail('no redshift/password-policy diagnostic on the grants script; got ' .. vim.inspect(vim.diagnostic.get(sql_buf)))
  end
  local finding = password_findings()[1]
  say(string.format('diagnostic %d:%d %s', finding.lnum + 1, finding.col + 1, finding.code))
  vim.lsp.stop_client(client_id)
  vim.cmd('qall!')
end)
if not ok then fail(tostring(err)) end
