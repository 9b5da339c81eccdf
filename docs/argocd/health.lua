-- Argo CD health check for s3posture.io BucketPolicy and AccountPolicy (the same script for both).
--   Healthy:     Ready=True and Compliant=True, for the current generation.
--   Progressing: not checked yet (no status), or the last check is of an older generation.
--   Degraded:    Ready=False (the check could not run) or Compliant=False (drift in Audit mode,
--                a control that needs a person, a conflict between policies, failed checks).
local hs = {}

local function condition(conditions, conditionType)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function describe(c)
  local text = c.type .. "=" .. tostring(c.status)
  if c.reason ~= nil and c.reason ~= "" then
    text = text .. " (" .. c.reason .. ")"
  end
  if c.message ~= nil and c.message ~= "" then
    text = text .. ": " .. c.message
  end
  return text
end

local function stale(c, generation)
  return c ~= nil and c.observedGeneration ~= nil and generation ~= nil
    and c.observedGeneration ~= generation
end

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
local status = obj.status

if status == nil or status.observedGeneration == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the first check"
  return hs
end

local ready = condition(status.conditions, "Ready")
local compliant = condition(status.conditions, "Compliant")

if generation ~= nil and status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the check of generation " .. tostring(generation)
    .. " (last checked: " .. tostring(status.observedGeneration) .. ")"
  return hs
end
if stale(ready, generation) or stale(compliant, generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the conditions of generation " .. tostring(generation)
  return hs
end

if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(ready)
  return hs
end

if compliant ~= nil and compliant.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(compliant)
  return hs
end

if ready ~= nil and ready.status == "True" and compliant ~= nil and compliant.status == "True" then
  hs.status = "Healthy"
  hs.message = compliant.message or "Compliant"
  return hs
end

hs.status = "Progressing"
hs.message = "Waiting for Ready and Compliant"
return hs
