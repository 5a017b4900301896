-- wrk: the import's mix of requests, alternating GET contacts/find-or-create/async (a new email each
-- time) and PUT contacts/{uuid} with six attributes like the import sends (CONTACT_UUID).
local counter = 0
local token = os.getenv("LEAT_API_TOKEN") or "sandbox-token"
local put = "/api/v3/oauth/clients/contacts/" .. os.getenv("CONTACT_UUID")
local body = '{"attributes":{"firstname":"Anne","lastname":"Jansen","city":"Utrecht","birthdate":"1980-01-01",'
  .. '"phone":"+31612345678","points":"1234"}}'
local headers = {["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json"}
local putHeaders = {["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json",
  ["Content-Type"] = "application/json"}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function request()
  counter = counter + 1
  if counter % 2 == 0 then
    return wrk.format("PUT", put, putHeaders, body)
  end
  return wrk.format("GET", "/api/v3/oauth/clients/contacts/find-or-create/async?email=w" .. id .. "-" .. counter .. "@example.com", headers)
end
