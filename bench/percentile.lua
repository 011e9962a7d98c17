-- Shared by the wrk scripts that time each request themselves: percentile(sorted, q), the nearest-rank value.
function percentile(sorted, q)
  if #sorted == 0 then return 0 / 0 end
  local i = math.floor(q * (#sorted - 1) + 0.5) + 1
  return sorted[i]
end
