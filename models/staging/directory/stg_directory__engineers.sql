-- The engineer directory (seed engineer_directory, an SSO/HR export): hashed email and GitHub login with
-- the business unit and team, so marts can group engineers without ever holding an email.
select
    {{ hash_pii('email') }} as engineer_key,
    {{ hash_pii('github_login') }} as github_login_key,
    business_unit,
    team
from {{ ref('engineer_directory') }}
