{#
  companyc's incidents. Workspace quirk (source-apis.md §1.3): companyc has no "Fixed at" timestamp, so
  fixed_at is always NULL (has_fixed_at=false enforces it even if a mapping were added by mistake), which
  makes time_to_stabilize_sec NULL and impact_duration_min fall back to resolved_at. Its services field
  is a plain option field (see stg_incident_io__incident_services).
#}
{{ stg_incident_io_incidents('companyc', has_fixed_at=false) }}
