-- wrk: PUT contacts/{uuid} with two attributes, on the contact whose uuid is in CONTACT_UUID.
local token = os.getenv("LEAT_API_TOKEN") or "sandbox-token"
wrk.method = "PUT"
wrk.path = "/api/v3/oauth/clients/contacts/" .. os.getenv("CONTACT_UUID")
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"attributes":{"firstname":"Anne","city":"Utrecht"}}'
