"""The claims' rules, each a function registered with @claim(id); modules
group the claims that read the same rows."""
