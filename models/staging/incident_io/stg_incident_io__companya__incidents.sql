{#
  companya's incidents. Workspace quirk (source-apis.md §1.3): companya has NO detection timestamp; by its
  convention "Impact started" is recorded when on-call confirms the impact, so the seed maps
  "Impact started" to BOTH detected_at and impact_started_at (its time_to_detect is creation → confirmed
  impact). Response marker: "Accepted at".
#}
{{ stg_incident_io_incidents('companya') }}
