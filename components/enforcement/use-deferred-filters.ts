"use client";

import { useEffect, useState } from "react";
import type { ApiFilters } from "./types";

/** The filters the list query uses: the search text settles for 250 ms before it is sent. */
export function useSettledFilters(filters: ApiFilters): ApiFilters {
  const [settled, setSettled] = useState(filters);
  useEffect(() => {
    const t = setTimeout(() => setSettled(filters), filters.q === settled.q ? 0 : 250);
    return () => clearTimeout(t);
  }, [filters, settled.q]);
  return settled;
}
