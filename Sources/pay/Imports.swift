// What every command here shares with `pay-mcp` (PayCommandLine): the console, the option groups,
// the exit statuses as ArgumentParser ends a command with them.
@_exported import PayCommandLine
