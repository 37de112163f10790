;;; emacs.el --- Emacs e2e check (28+, eglot): GrantCheck's server, started from the unpacked .vsix, -*- lexical-binding: t -*-
;;; reports iam/json-syntax on a broken policy and its quick fix inserts the missing comma, then
;;; reports redshift/password-policy on a grants script.
;;; Inputs (environment): GRANTCHECK_SERVER, GRANTCHECK_FILE, GRANTCHECK_EXPECTED, GRANTCHECK_SQL_FILE (as for neovim.lua).

(require 'cl-lib)
;; Debian's elpa-eglot installs eglot and its newer dependencies (project, xref, seq) here.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'eglot)

(defconst grantcheck-e2e-timeout 15.0)
(defvar grantcheck-e2e-server (or (getenv "GRANTCHECK_SERVER") (error "GRANTCHECK_SERVER is not set")))
(defvar grantcheck-e2e-file (or (getenv "GRANTCHECK_FILE") (error "GRANTCHECK_FILE is not set")))
(defvar grantcheck-e2e-expected (or (getenv "GRANTCHECK_EXPECTED") (error "GRANTCHECK_EXPECTED is not set")))
(defvar grantcheck-e2e-sql-file (or (getenv "GRANTCHECK_SQL_FILE") (error "GRANTCHECK_SQL_FILE is not set")))

(defun grantcheck-e2e-fail (format-string &rest args)
  (princ (concat "emacs e2e: FAIL: " (apply #'format format-string args) "\n") #'external-debugging-output)
  (kill-emacs 1))

(defun grantcheck-e2e-say (format-string &rest args)
  (princ (concat "emacs e2e: " (apply #'format format-string args) "\n")))

(defun grantcheck-e2e-lsp-diag (diag)
  "The LSP Diagnostic (a plist) eglot keeps behind the flymake diagnostic DIAG."
  (cdr (assoc 'eglot-lsp-diag (eglot--diag-data diag))))

(defun grantcheck-e2e-diags-with-code (code)
  (cl-remove-if-not
   (lambda (d)
     (let ((lsp (grantcheck-e2e-lsp-diag d)))
       (and (equal (plist-get lsp :source) "grantcheck")
            (equal (plist-get lsp :code) code))))
   (flymake-diagnostics)))

(defun grantcheck-e2e-syntax-diags ()
  (grantcheck-e2e-diags-with-code "iam/json-syntax"))

(defun grantcheck-e2e-wait (what predicate)
  "Process server output until PREDICATE holds, or fail after `grantcheck-e2e-timeout' seconds."
  (let ((deadline (+ (float-time) grantcheck-e2e-timeout)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline)
        (grantcheck-e2e-fail "timed out waiting for %s; flymake has %S" what
                             (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
      (accept-process-output nil 0.05))))

(condition-case err
    (progn
      ;; Emacs 28 opens .json in js-mode, whose default language id would be "js". eglot 1.9 keeps
      ;; one language id per server, so JSON and SQL get an entry (and a server process) each.
      (setq eglot-server-programs
            (list (cons '((js-mode :language-id "json") (js-json-mode :language-id "json"))
                        (list "node" grantcheck-e2e-server "--stdio"))
                  (cons '((sql-mode :language-id "sql"))
                        (list "node" grantcheck-e2e-server "--stdio"))))
      (find-file grantcheck-e2e-file)
      ;; eglot-ensure waits for an idle moment that never comes in batch mode: connect directly.
      (apply #'eglot (eglot--guess-contact))
      (grantcheck-e2e-wait "eglot to connect" (lambda () (eglot-current-server)))
      ;; Flymake's first start otherwise waits for an idle timer; start it as a user's first edit would.
      (flymake-start)
      (grantcheck-e2e-wait "an iam/json-syntax diagnostic" (lambda () (grantcheck-e2e-syntax-diags)))
      (let* ((diag (car (grantcheck-e2e-syntax-diags)))
             (beg (flymake-diagnostic-beg diag))
             (end (flymake-diagnostic-end diag)))
        (grantcheck-e2e-say "diagnostic at line %d: %s" (line-number-at-pos beg) (flymake-diagnostic-text diag))
        (unless (eq (flymake-diagnostic-type diag) 'eglot-error)
          (grantcheck-e2e-fail "iam/json-syntax is not an error: %S" (flymake-diagnostic-type diag)))
        ;; The same request M-x eglot-code-actions sends for the diagnostic's region.
        (let* ((actions (eglot-code-actions beg end "quickfix"))
               (action (cl-find "Insert the missing comma" actions
                                :key (lambda (a) (plist-get a :title)) :test #'equal)))
          (unless action
            (grantcheck-e2e-fail "no \"Insert the missing comma\" action; got %S" actions))
          (eglot--read-execute-code-action (list action) (eglot-current-server) "quickfix")
          (grantcheck-e2e-say "quick fix applied: %s" (plist-get action :title))))
      (let ((expected (with-temp-buffer
                        (insert-file-contents grantcheck-e2e-expected)
                        (buffer-string))))
        (unless (equal (buffer-substring-no-properties (point-min) (point-max)) expected)
          (grantcheck-e2e-fail "buffer after the quick fix differs from the expected text:\n%s" (buffer-string))))
      ;; eglot sends didChange and flymake re-checks from idle timers, which batch mode never runs.
      (eglot--signal-textDocument/didChange)
      (flymake-start)
      (grantcheck-e2e-wait "iam/json-syntax to clear after the fix" (lambda () (null (grantcheck-e2e-syntax-diags))))
      (grantcheck-e2e-say "diagnostic cleared after the fix")
      ;; The SQL entry: a grants script gets Redshift findings (language id "sql").
      (find-file grantcheck-e2e-sql-file)
      (apply #'eglot (eglot--guess-contact))
      (grantcheck-e2e-wait "eglot to manage the SQL buffer" (lambda () (bound-and-true-p eglot--managed-mode)))
      (flymake-start)
      (grantcheck-e2e-wait "a redshift/password-policy diagnostic"
                           (lambda () (grantcheck-e2e-diags-with-code "redshift/password-policy")))
      (grantcheck-e2e-say "diagnostic on the grants script: %s"
                          (flymake-diagnostic-text (car (grantcheck-e2e-diags-with-code "redshift/password-policy"))))
      (dolist (server (hash-table-values eglot--servers-by-project))
        (mapc #'eglot-shutdown server))
      (kill-emacs 0))
  (error (grantcheck-e2e-fail "%s" (error-message-string err))))
;;; emacs.el ends here
