# Mensajes en español de iam-audit. Las líneas de consola del tool original se conservan tal cual.
# Cada id existe también en locales/en/iam-audit.ftl (un test lo comprueba).

## Líneas de consola
auditing-account = Auditando cuenta: { $name } ({ $id })
account-error = Error en cuenta { $name }: { $reason }
total-keys = Total de Access Keys encontradas: { $count }
no-keys = No se encontraron Access Keys.
report-exported = Reporte exportado: { $path }
events-exported = Reporte de eventos CloudTrail exportado: { $path }
users-exported = Reporte de usuarios exportado: { $path }
errors-exported = Reporte de errores exportado: { $path }
findings-exported = Reporte de hallazgos exportado: { $path }
root-exported = Reporte de cuentas root exportado: { $path }
file-exported = Archivo exportado: { $path }
audit-incomplete = Auditoría incompleta: { $failures } lecturas fallaron en { $accounts } cuentas; los datos que faltan están en el reporte de errores (código de salida 2).
account-skipped = Cuenta omitida: { $name } ({ $id }, { $state }): { $reason }
skip-not-active = no está ACTIVE
skip-excluded = excluida con --exclude-accounts
skip-not-selected = no está en --accounts
findings-summary = Hallazgos: { $list } ({ $suppressed } suprimidos)
most-critical = Cuentas con más hallazgos críticos: { $list }
fail-on = { $count } hallazgos sin suprimir de severidad { $severity } o superior (--fail-on): código de salida 1.

## Severidades
severity-critical = crítica
severity-high = alta
severity-medium = media
severity-low = baja
severity-info = informativa

## Qué hacer ante una lectura fallida
advice-assume-role-denied = despliegue el rol en la cuenta o corrija su política de confianza (iam-audit doctor lo comprueba)
advice-access-denied = conceda esta acción de lectura al rol de auditoría y revise las SCP (iam-audit policy la lista)
advice-throttling = AWS limitó las llamadas; reintente con menos --iam-rate / --cloudtrail-rate
advice-invalid-credentials = renueve las credenciales (aws sso login) y vuelva a ejecutar
advice-unreachable = compruebe la red, el proxy y AWS_ENDPOINT_URL
advice-timeout = el servicio no respondió a tiempo; vuelva a ejecutar
advice-service-unavailable = error del servicio de AWS; vuelva a ejecutar más tarde
advice-malformed-response = respuesta ilegible; vuelva a ejecutar y, si persiste, informe del fallo
advice-other = revise el mensaje de AWS

## Palabras de las celdas (las palabras de MFA del tool original y N/A no cambian)
word-configured = Configurada
word-not-configured = No configurada
word-never = Nunca
word-never-used = Nunca utilizada
word-unknown = Desconocido

## doctor
doctor-summary = { $checks } comprobaciones: { $passed } correctas, { $warnings } avisos, { $failed } fallidas.
doctor-fix = solución: { $remediation }

## Panel HTML
html-title = Auditoría de credenciales IAM
html-caller = ejecutada por
html-generated = terminada
html-complete = Completa
html-incomplete = Incompleta
html-failed = Fallida
html-accounts-audited = Cuentas auditadas
html-accounts-incomplete = Cuentas incompletas
html-users = usuarios
html-keys = keys
html-keys-active-total = Keys activas / todas
html-charts = Resumen
html-chart-key-age = Antigüedad de las keys activas (días)
html-chart-last-use = Días desde el último uso de una key
html-chart-by-account = Hallazgos por severidad y cuenta
html-never = nunca
html-findings = Hallazgos
html-filter-placeholder = Filtrar hallazgos…
html-minimum-severity = Severidad mínima
html-all-severities = Todas las severidades
html-show-suppressed = Mostrar suprimidos
html-suppressed = Suprimido
html-severity-column = Severidad
html-rule = Regla
html-account = Cuenta
html-accounts = Cuentas
html-resource = Recurso
html-finding-title = Hallazgo
html-evidence = Evidencia
html-remediation = Remediación
html-user = Usuario
html-access-key = Access key
html-status = Estado
html-age-days = Antigüedad (días)
html-last-used = Último uso
html-password = Contraseña
html-timeline = Eventos de ciclo de vida IAM (CloudTrail)
html-time = Hora
html-event = Evento
html-resources = Recursos
html-source = Origen
html-footer = auditoría de solo lectura; este archivo no carga nada de la red

## Títulos y remediaciones de las reglas
rule-key003-title = Access key activa nunca utilizada
rule-key003-remediation = Borre la key: nada la utiliza.
rule-key001-title = Access key activa sin rotar en 90 días
rule-key001-remediation = Cree una key nueva, pase la carga de trabajo a ella, y desactive y borre esta.
rule-key002-title = Access key activa sin uso durante 45 días o más
rule-key002-remediation = Desactive la key; bórrela cuando confirme que nada falla.
rule-aud001-title = Auditoría incompleta: no se pudo leer una API
rule-aud001-remediation = Conceda al rol de auditoría el permiso de lectura que le falta (o corrija la causa del mensaje) y vuelva a auditar.
rule-pwd002-title = Contraseña de consola sin uso durante 45 días o más
rule-pwd002-remediation = Elimine la contraseña de consola; vuelva a crearla si el usuario la necesita.
rule-pwd001-title = Contraseña de consola sin MFA
rule-pwd001-remediation = Asigne un dispositivo MFA al usuario, o elimine la contraseña de consola si no la necesita.
rule-key005-title = Access key inactiva presente después de 90 días
rule-key005-remediation = Borre la key inactiva.
rule-key004-title = Usuario con más de una access key activa
rule-key004-remediation = Deje una sola key activa: desactive la más antigua al terminar la rotación.
rule-root001-title = El usuario root tiene access keys
rule-root001-remediation = Borre las access keys del usuario root (como root, o de forma centralizada desde la cuenta de administración con sts:AssumeRoot).
rule-root002-title = El usuario root no tiene MFA
rule-root002-remediation = Asigne un dispositivo MFA al usuario root, o elimine sus credenciales con la gestión centralizada de acceso root.
rule-root003-title = El MFA del usuario root es virtual, no de hardware
rule-root003-remediation = Sustituya el MFA virtual del usuario root por una llave de hardware o FIDO.
rule-root004-title = El usuario root inició sesión recientemente
rule-root004-remediation = Averigüe quién inició sesión como root y por qué; use roles de IAM para el trabajo diario.
rule-sup001-title = Una supresión ha caducado
rule-sup001-remediation = Renueve la fecha de caducidad de la supresión con una nueva justificación, o bórrela.
