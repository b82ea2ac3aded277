import { secondaryButton } from "./styles";

/**
 * The buttons under a destructive action's "are you sure?" box: the action in red, and Cancel.
 * Either closes the box (`onClose`); the action then runs (`onConfirm`).
 */
export function ConfirmActions({ confirmLabel, onConfirm, onClose, className = "flex gap-2" }: {
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  className?: string;
}) {
  return (
    <div className={className}>
      <button type="button" onClick={() => { onClose(); onConfirm(); }}
        className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-500">{confirmLabel}</button>
      <button type="button" onClick={onClose} className={secondaryButton}>Cancel</button>
    </div>
  );
}
