-- wrk: GET contacts/find-or-create/async with a new email on every request (each one creates a contact).
local counter = 0
local token = os.getenv("LEAT_API_TOKEN") or "sandbox-token"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function request()
  counter = counter + 1
  return wrk.format("GET", "/api/v3/oauth/clients/contacts/find-or-create/async?email=w" .. id .. "-" .. counter .. "@example.com")
end
