-- The three system roles. admin holds every rule (decided in checkstack.principal_may,
-- not by rows); users is every signed-in user's implicit role and receives the default
-- rules; anonymous is every unauthenticated caller's role and receives the public rules.
INSERT INTO checkstack.roles (id, name, description, is_system) VALUES
  ('admin', 'Administrators', 'Every access rule, always', true),
  ('users', 'Users', 'Every signed-in user; holds the default access rules', true),
  ('anonymous', 'Anonymous', 'Callers who have not signed in; holds the public access rules', true)
ON CONFLICT (id) DO UPDATE SET is_system = true;
