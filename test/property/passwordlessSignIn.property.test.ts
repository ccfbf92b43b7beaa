import { machineNamed } from './specs.js';
import { propertySuite } from './suite.js';

propertySuite(machineNamed('passwordlessSignIn'));
