-- Argo CD health check for s3posture.io BucketPolicy and AccountPolicy (the same script for both).
-- Argo CD's Lua sandbox has no string library: only comparisons, concatenation and os.date.
--   Progressing: not checked yet, a check of the current generation is under way, or waiting
--                for the first complete check.
--   Healthy:     Ready=True (every governed bucket holds the declared settings), or drift that an
--                Audit policy reports and does not correct (Ready=False, DriftDetected): Audit
--                drift is information, not an incident, so a policy rolled out in Audit is green.
--   Suspended:   a plan waits for a person's approval (Ready=False, AwaitingApproval).
--   Degraded:    the checks cannot run (Synced=False); nothing is selected (NoBucketsSelected,
--                often a typo in a pattern); failed checks, a control that needs a person, a
--                conflict between policies, paused enforcement; or a status no longer refreshed
--                (staleAfter has passed: is the operator running?).
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
local synced = condition(status.conditions, "Synced")

if generation ~= nil and status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the check of generation " .. tostring(generation)
    .. " (last checked: " .. tostring(status.observedGeneration) .. ")"
  return hs
end
if stale(ready, generation) or stale(synced, generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the conditions of generation " .. tostring(generation)
  return hs
end

-- RFC 3339 UTC timestamps sort as text
if status.staleAfter ~= nil and os.date("!%Y-%m-%dT%H:%M:%SZ") > status.staleAfter then
  hs.status = "Degraded"
  hs.message = "No check completed since " .. tostring(status.lastCheckTime)
    .. ": is the s3-posture-operator running?"
  return hs
end

if synced ~= nil and synced.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(synced)
  return hs
end

if ready == nil or ready.status == "Unknown" then
  hs.status = "Progressing"
  if synced ~= nil and synced.message ~= nil and synced.message ~= "" then
    hs.message = "First check under way: " .. synced.message
  else
    hs.message = "Waiting for the first complete check"
  end
  return hs
end

if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "Compliant"
  return hs
end

if ready.reason == "DriftDetected" then
  hs.status = "Healthy"
  hs.message = "Audit only, drift reported and not corrected: " .. tostring(ready.message)
  return hs
end

if ready.reason == "AwaitingApproval" then
  hs.status = "Suspended"
  hs.message = describe(ready)
  return hs
end

hs.status = "Degraded"
hs.message = describe(ready)
return hs
