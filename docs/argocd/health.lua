-- Argo CD health check for s3posture.io BucketPolicy and AccountPolicy (the same script for both).
-- Argo CD's Lua sandbox has no string library: only comparisons, concatenation and os.date.
-- It reads the conditions the way kstatus does (kpt, Config Sync, Flux), so the tools agree:
--   Progressing: no status of the current generation yet, or Reconciling=True (the first check,
--                retries after throttling or an outage, buckets to be checked again).
--   Degraded:    Stalled=True (a person must act: checks that cannot run, a control that needs a
--                person, a conflict between policies, paused enforcement, no bucket selected), or
--                a status no longer refreshed (staleAfter has passed: is the operator running?).
--   Suspended:   Stalled=True because a plan waits for a person's approval (AwaitingApproval).
--   Healthy:     Ready=True: every enforced bucket holds the declared settings, and drift an
--                Audit control reports (DriftDetected) is reported, not an incident.
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

local stalled = condition(status.conditions, "Stalled")
local reconciling = condition(status.conditions, "Reconciling")

if stalled ~= nil and stalled.status == "True" then
  if stalled.reason == "AwaitingApproval" then
    hs.status = "Suspended"
  else
    hs.status = "Degraded"
  end
  hs.message = describe(stalled)
  return hs
end

if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(reconciling)
  return hs
end

if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "Compliant"
  return hs
end

if ready == nil or ready.status == "Unknown" then
  hs.status = "Progressing"
  hs.message = "Waiting for the first complete check"
  return hs
end

hs.status = "Degraded"
hs.message = describe(ready)
return hs
