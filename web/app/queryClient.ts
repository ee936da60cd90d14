// The app's one react-query client: no retries for a request the server refused (4xx), and a
// cache emptied at sign-out so the next user never sees the previous role's data (e.g. phones).
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';
import { session } from './session.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && failures < 2,
      // A wall display is never "refocused"; fresh data will come from the live stream.
      refetchOnWindowFocus: false,
    },
  },
});

session.subscribe(() => {
  if (!session.get()) queryClient.clear();
});
