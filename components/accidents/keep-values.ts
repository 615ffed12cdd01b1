import { startTransition, type FormEvent } from 'react';

/**
 * Submits a form's action without React's automatic form reset, so after a refused submission
 * every field keeps what was typed and the errors appear next to it. Without JavaScript the form's
 * `action` still posts normally.
 */
export function keepValues(action: (fd: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const fd = new FormData(event.currentTarget);
    startTransition(() => action(fd));
  };
}
