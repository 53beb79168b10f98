// Brings GNU readline and its history functions into Swift for the REPL.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
