/** Accounts and sign-in: registration, login, refresh and logout, passwords with bcrypt, the users table. */
@NullMarked
package dev.todolist.edge.account;

import org.jspecify.annotations.NullMarked;
