/**
 * An error in what the user wrote (a declaration, a stack or platform file, a lock file, a state
 * file, a contract to import), as opposed to a bug: the CLI prints its message alone and exits 2.
 * Every such error extends this one class, so telling them apart needs no import of the modules
 * that throw them — `mesh --help` loads none of them.
 */
export class InputError extends Error {}
