-- Drives a headless Neovim as an LSP client of `stroom lsp --stdio`, for test/neovim/neovim.test.ts.
--
-- Reads a plan (JSON, path in $STROOM_NVIM_PLAN):
--   { "cmd": [...], "root": "/workspace", "open": ["a.stroom", ...], "waitDiagnostics": "a.stroom",
--     "requests": [{ "name": "...", "method": "textDocument/...", "file": "a.stroom", "position": { "line": 0, "character": 0 } }],
--     "jump": "name of a definition request whose first location to jump to", "out": "/results.json", "timeout": 20000 }
-- and writes what Neovim saw to plan.out as JSON: the diagnostics as Neovim stores them (vim.diagnostic.get), the raw
-- publishDiagnostics params, each request's result (or error), where the cursor is after jumping to the definition,
-- and the server's exit code. Written for Neovim 0.7 (Debian 12): vim.lsp.start_client + vim.lsp.buf_attach_client;
-- vim.lsp.start (0.8+) only when start_client is gone. Progress lines go to stderr; any error ends with `cquit 1`.

local function log(...)
  io.stderr:write('[driver] ', table.concat(vim.tbl_map(tostring, { ... }), ' '), '\n')
end

local function read(path)
  local f = assert(io.open(path, 'r'))
  local text = f:read('*a')
  f:close()
  return text
end

local function write(path, text)
  local f = assert(io.open(path, 'w'))
  f:write(text)
  f:close()
end

local encode = (vim.json and vim.json.encode) or vim.fn.json_encode
local decode = (vim.json and vim.json.decode) or vim.fn.json_decode

local plan = decode(read(assert(os.getenv('STROOM_NVIM_PLAN'), 'STROOM_NVIM_PLAN is not set')))
local timeout = plan.timeout or 20000
local results = { version = vim.version(), published = {}, diagnostics = {}, requests = {} }

local function path_of(file) return plan.root .. '/' .. file end

local function run()
  local initialized = false
  local exit_code
  local config = {
    name = 'stroom',
    cmd = plan.cmd,
    root_dir = plan.root,
    on_init = function() initialized = true end,
    on_exit = function(code, signal) exit_code = { code = code, signal = signal } end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, cfg)
        table.insert(results.published, params)
        return vim.lsp.handlers['textDocument/publishDiagnostics'](err, params, ctx, cfg)
      end,
    },
  }

  -- Load the buffers first (no filetype detection for .stroom in a --clean Neovim: set it, as an ftdetect would).
  local buffers = {}
  for _, file in ipairs(plan.open) do
    local bufnr = vim.fn.bufadd(path_of(file))
    vim.fn.bufload(bufnr)
    vim.api.nvim_buf_set_option(bufnr, 'filetype', 'stroom')
    buffers[file] = bufnr
  end

  local client_id
  if vim.lsp.start_client then
    client_id = vim.lsp.start_client(config)
  else
    client_id = vim.lsp.start(config, { bufnr = buffers[plan.open[1]] })
  end
  assert(client_id, 'the language client did not start')
  log('client', client_id, 'started:', table.concat(plan.cmd, ' '))
  for _, file in ipairs(plan.open) do
    assert(vim.lsp.buf_attach_client(buffers[file], client_id), 'could not attach ' .. file)
  end

  assert(vim.wait(timeout, function() return initialized or exit_code ~= nil end, 20), 'no initialize response within ' .. timeout .. ' ms')
  assert(initialized, 'the server exited before initializing: ' .. vim.inspect(exit_code))
  log('initialized')

  -- Diagnostics arrive by notification: wait until Neovim has them for the file (the client stores them per buffer).
  local target = vim.uri_from_fname(path_of(plan.waitDiagnostics))
  local function has_published()
    for _, p in ipairs(results.published) do
      if p.uri == target and #p.diagnostics > 0 then return true end
    end
    return false
  end
  assert(vim.wait(timeout, has_published, 20), 'no diagnostics for ' .. plan.waitDiagnostics .. ' within ' .. timeout .. ' ms')
  for file, bufnr in pairs(buffers) do
    results.diagnostics[file] = vim.tbl_map(function(d)
      return { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, code = d.code, source = d.source }
    end, vim.diagnostic.get(bufnr))
  end
  log('diagnostics received')

  for _, request in ipairs(plan.requests) do
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buffers[request.file]) },
      position = request.position,
    }
    local responses, err = vim.lsp.buf_request_sync(buffers[request.file], request.method, params, timeout)
    local response = responses and responses[client_id]
    results.requests[request.name] = {
      result = response and response.result,
      error = (response and response.error) or err,
    }
    log(request.name, request.method, response and 'answered' or ('failed: ' .. tostring(err)))
  end

  -- What a user sees after `gd`: Neovim's own jump to the first location (it opens the other file).
  if plan.jump then
    local answer = results.requests[plan.jump] and results.requests[plan.jump].result
    local location = answer and (answer[1] or answer)
    if location and (location.uri or location.targetUri) then
      vim.lsp.util.jump_to_location(location, 'utf-16')
      local cursor = vim.api.nvim_win_get_cursor(0)
      results.jumped = { file = vim.api.nvim_buf_get_name(0), line = cursor[1] - 1, character = cursor[2],
        text = vim.api.nvim_get_current_line() }
      log('jumped to', results.jumped.file, results.jumped.line)
    end
  end

  write(plan.out, encode(results))

  vim.lsp.stop_client(client_id)
  vim.wait(timeout, function() return exit_code ~= nil end, 20)
  results.exit = exit_code or 'still running after stop'
  write(plan.out, encode(results))
  log('server exit', vim.inspect(exit_code))
end

local ok, err = xpcall(run, debug.traceback)
if ok then
  vim.cmd('qa!')
else
  log('FAILED', err)
  results.failure = tostring(err)
  pcall(write, plan.out, encode(results))
  vim.cmd('cquit 1')
end
