{#
  companyb's incidents. Workspace quirk (source-apis.md §1.3): detection is recorded as "Identified at",
  which the seed maps to detected_at; the response marker is the custom "Acknowledged at" timestamp.
  (Its "Reported at" timestamp is the creation time and is not mapped.)
#}
{{ stg_incident_io_incidents('companyb') }}
