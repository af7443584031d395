-- models/staging/directory/stg_directory__engineers.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_directory__engineers comment = 'The engineer directory (seed engineer_directory) with hashed identities: business unit and team per engineer_key.' as (
-- The engineer directory (seed engineer_directory, an SSO/HR export): hashed email and GitHub login with
-- the business unit and team, so marts can group engineers without ever holding an email.
select
    sha2(lower(trim(cast(email as varchar))), 256) as engineer_key,
    sha2(lower(trim(cast(github_login as varchar))), 256) as github_login_key,
    business_unit,
    team
from OPP_TEST.reference.engineer_directory
);

-- 2. comment
comment on column OPP_TEST.staging.stg_directory__engineers.engineer_key is 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.';

-- 3. comment
comment on column OPP_TEST.staging.stg_directory__engineers.github_login_key is 'hash_pii of the GitHub login.';

-- 4. comment
comment on column OPP_TEST.staging.stg_directory__engineers.business_unit is 'Business unit.';

-- 5. comment
comment on column OPP_TEST.staging.stg_directory__engineers.team is 'Team.';
